package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.errors.ClientGone;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.errors.StreamFailure;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableSnapshot;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What every query that lists files settles, the same way, before its first line: the response
 * format (refusing a table the client cannot read), how files are identified, when their URLs
 * expire; and the protocol and metadata lines every such answer starts with.
 */
final class QueryHead {

    private static final Logger LOG = Logger.getLogger(QueryHead.class);

    private final TableSnapshot snapshot;
    private final ResponseOptions options;
    private final String format;
    private final SnapshotLines shape;
    private final FileIds ids;
    private final Instant expiry;
    private final FileLinks links;
    private final Bearer recipient;
    /** The share the table is read through: a recipient's file URLs stand only while it is granted. */
    private final UUID shareId;

    private final String table;

    /** The partitions the bearer sees: the metadata line's totals count only their files. */
    private BearerScope scope = BearerScope.WHOLE_TABLE;

    private QueryHead(
            TableSnapshot snapshot,
            ResponseOptions options,
            String format,
            FileIds ids,
            Instant expiry,
            FileLinks links,
            Bearer recipient,
            UUID shareId,
            String table) {
        this.table = table;
        this.shareId = shareId;
        this.snapshot = snapshot;
        this.options = options;
        this.format = format;
        this.shape = new SnapshotLines(format);
        this.ids = ids;
        this.expiry = expiry;
        this.links = links;
        this.recipient = recipient;
    }

    /** Settles the head of an answer describing {@code snapshot}; throws what must be refused. */
    static QueryHead settle(
            TableSnapshot snapshot,
            String table,
            ResponseOptions options,
            Instant expiry,
            FileLinks links,
            Bearer recipient,
            UUID shareId) {
        String format = ResponseFormats.choose(options.capabilities(), snapshot, table);
        return new QueryHead(
                snapshot,
                options,
                format,
                FileIds.forRequest(options.fileIdHash(), format),
                expiry,
                links,
                recipient,
                shareId,
                table);
    }

    /**
     * The answer: at {@code version} in the response head, in this format, with what the client
     * asked echoed. A failure after the first line is reported in an end-of-stream line when
     * {@code endStream} (the client reads one), else cuts the transfer; either way it is audited as failed.
     */
    TableLines answer(long version, boolean endStream, AuditRecord record, TableLines.Body body) {
        String capabilities =
                format + (options.capabilities().includeEndStreamAction() ? ";includeendstreamaction=true" : "");
        return new TableLines(
                version,
                "responseformat=" + capabilities,
                options.fileIdHash() == null ? null : ids.scheme(),
                lines -> guarded(lines, endStream, record, body));
    }

    private void guarded(LineSink lines, boolean endStream, AuditRecord record, TableLines.Body body) {
        try {
            body.writeTo(lines);
        } catch (RuntimeException e) {
            // A client that went away reads nothing more; that is routine, not a failure.
            if (ClientGone.causedBy(e)) {
                throw e;
            }
            boolean told = e instanceof TableException || e instanceof LakeshareException;
            String message =
                    told ? e.getMessage() : "The server failed while listing the table's files; retry the query";
            LOG.errorf(e, "A query of table '%s' failed after its first line: %s", table, message);
            record.failed(message);
            if (!endStream) {
                throw new StreamFailure(message, e);
            }
            lines.line(new ParquetFormat.EndStreamActionLine(
                    new ParquetFormat.EndStreamAction(null, null, null, message)));
        }
    }

    /**
     * The protocol and metadata lines of the snapshot, with its size and file count;
     * {@code metadataVersion} is set on answers that follow the table's history.
     */
    void writeStart(LineSink lines, Long metadataVersion) {
        lines.line(shape.protocol(snapshot));
        long[] totals = scope.totals(snapshot);
        lines.line(shape.metadata(snapshot.metadata(), metadataVersion, totals[0], totals[1]));
    }

    /** Limits the answer's totals to the files the bearer may see; returns this head. */
    QueryHead scoped(BearerScope scope) {
        this.scope = scope;
        return this;
    }

    BearerScope scope() {
        return scope;
    }

    TableSnapshot snapshot() {
        return snapshot;
    }

    /** Files are identified by a digest: one per answer, as digests are not shared between threads. */
    MessageDigest digest() {
        return ids.digest();
    }

    /** A file of the snapshot; {@code version} and {@code timestamp} are set on time-travel answers only. */
    Object file(DataFile file, MessageDigest digest, Long version, Long timestamp) {
        return shape.file(
                file, links.links(file, digest, expiry, recipient, shareId), version, timestamp, expiry.toEpochMilli());
    }

    /** A file a commit added, removed or wrote as change data. */
    Object change(TableChange change, MessageDigest digest) {
        return shape.change(
                change, links.links(change.file(), digest, expiry, recipient, shareId), expiry.toEpochMilli());
    }

    SnapshotLines shape() {
        return shape;
    }

    /** What the answer's lines depend on besides each file: format, file id hash. */
    String lineVariant() {
        return format + "/" + ids.scheme();
    }

    Bearer bearer() {
        return recipient;
    }

    /** Who the answer's file URLs are issued to (see {@link Bearer#urlHolder}). */
    String urlHolder() {
        return recipient.urlHolder(shareId);
    }

    boolean deltaFormat() {
        return shape.delta();
    }

    boolean endStreamAsked() {
        return options.capabilities().includeEndStreamAction();
    }

    Instant expiry() {
        return expiry;
    }
}
