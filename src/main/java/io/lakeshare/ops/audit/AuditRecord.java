package io.lakeshare.ops.audit;

/**
 * What one request did, filled in as it goes (the resource knows the table, the stream knows how
 * many files it sent) and written once when the response is over. Never holds a secret: tokens are
 * named by their id, URLs not at all.
 */
public final class AuditRecord {

    private volatile String tokenId;
    private volatile String recipientId;
    private volatile String urlHolder;
    private volatile String share;
    private volatile String schema;
    private volatile String table;
    private volatile String endpoint;
    private volatile String version;
    private volatile long files = -1;
    private volatile String object;
    private volatile String jsonHints;
    private volatile java.util.List<String> sqlHints;
    private volatile Long limitHint;
    private volatile long skipped = -1;
    private volatile String failure;
    private volatile String replacementTokenId;
    private volatile java.time.Instant credentialsExpiry;

    /** Longer hints are cut in the audit: it records what recipients filter on, not every byte of it. */
    static final int MAX_HINT_CHARS = 2048;

    public AuditRecord recipient(Object tokenId, String share) {
        this.tokenId = String.valueOf(tokenId);
        this.share = share;
        return this;
    }

    /** A recipient's token reading {@code share}; {@code recipientId} null for a share token. */
    public AuditRecord recipient(Object tokenId, Object recipientId, String share) {
        this.recipientId = recipientId == null ? null : String.valueOf(recipientId);
        return recipient(tokenId, share);
    }

    /** An admin rotation: the token replaced and the one replacing it, both by id. */
    public AuditRecord rotation(Object replacedTokenId, Object replacementTokenId) {
        this.tokenId = String.valueOf(replacedTokenId);
        this.replacementTokenId = String.valueOf(replacementTokenId);
        return this;
    }

    public AuditRecord table(String schema, String table, String endpoint) {
        this.schema = schema;
        this.table = table;
        this.endpoint = endpoint;
        return this;
    }

    /**
     * A data file ({@code bucket/key}) fetched through a signed URL issued to {@code tokenId}, as
     * its URL names its holder (the token, and the share it was read through).
     */
    public AuditRecord download(String tokenId, String urlHolder, String object) {
        this.tokenId = tokenId;
        this.urlHolder = urlHolder;
        this.object = object;
        this.endpoint = "file";
        return this;
    }

    /** Temporary storage credentials were handed out, valid until {@code expiry} (never the keys themselves). */
    public AuditRecord credentials(java.time.Instant expiry) {
        this.credentialsExpiry = expiry;
        return this;
    }

    java.time.Instant credentialsExpiry() {
        return credentialsExpiry;
    }

    public AuditRecord version(Object version) {
        this.version = String.valueOf(version);
        return this;
    }

    public AuditRecord files(long files) {
        this.files = files;
        return this;
    }

    /** The filters a query came with: its JSON and SQL predicate hints and its limit hint, each or none. */
    public AuditRecord hints(String json, java.util.List<String> sql, Long limit) {
        this.jsonHints = json == null ? null : cut(json);
        this.sqlHints = sql == null ? null : sql.stream().map(AuditRecord::cut).toList();
        this.limitHint = limit;
        return this;
    }

    /** The answer failed after it began (a table found damaged mid-stream): audited as failed, whatever the status. */
    public AuditRecord failed(String why) {
        this.failure = why;
        return this;
    }

    public boolean failed() {
        return failure != null;
    }

    /** How many files the predicate hints ruled out. */
    public AuditRecord skipped(long files) {
        this.skipped = files;
        return this;
    }

    private static String cut(String text) {
        return text.length() <= MAX_HINT_CHARS ? text : text.substring(0, MAX_HINT_CHARS) + "…";
    }

    String jsonHints() {
        return jsonHints;
    }

    java.util.List<String> sqlHints() {
        return sqlHints;
    }

    Long limitHint() {
        return limitHint;
    }

    long skipped() {
        return skipped;
    }

    boolean isTableAccess() {
        return table != null || object != null;
    }

    String object() {
        return object;
    }

    String tokenId() {
        return tokenId;
    }

    String recipientId() {
        return recipientId;
    }

    String urlHolder() {
        return urlHolder;
    }

    String replacementTokenId() {
        return replacementTokenId;
    }

    String share() {
        return share;
    }

    /** The table as the audit line names it, {@code schema.table}. */
    String table() {
        return table == null ? null : schema + "." + table;
    }

    String schemaName() {
        return schema;
    }

    String tableName() {
        return table;
    }

    String endpoint() {
        return endpoint;
    }

    String version() {
        return version;
    }

    long files() {
        return files;
    }
}
