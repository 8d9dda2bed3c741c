package io.lakeshare.ops.audit;

/**
 * What one request did, filled in as it goes (the resource knows the table, the stream knows how
 * many files it sent) and written once when the response is over. Never holds a secret: tokens are
 * named by their id, URLs not at all.
 */
public final class AuditRecord {

    private volatile String tokenId;
    private volatile String share;
    private volatile String table;
    private volatile String endpoint;
    private volatile String version;
    private volatile long files = -1;
    private volatile String object;

    public AuditRecord recipient(Object tokenId, String share) {
        this.tokenId = String.valueOf(tokenId);
        this.share = share;
        return this;
    }

    public AuditRecord table(String schema, String table, String endpoint) {
        this.table = schema + "." + table;
        this.endpoint = endpoint;
        return this;
    }

    /** A data file fetched through a signed URL issued to {@code tokenId}. */
    public AuditRecord download(String tokenId, String object) {
        this.tokenId = tokenId;
        this.object = object;
        this.endpoint = "file";
        return this;
    }

    public AuditRecord version(Object version) {
        this.version = String.valueOf(version);
        return this;
    }

    public AuditRecord files(long files) {
        this.files = files;
        return this;
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

    String share() {
        return share;
    }

    String table() {
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
