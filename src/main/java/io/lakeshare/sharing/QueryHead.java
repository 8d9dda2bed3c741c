package io.lakeshare.sharing;

import io.lakeshare.catalog.Recipient;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableSnapshot;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * What every query that lists files settles, the same way, before its first line: the response
 * format (refusing a table the client cannot read), how files are identified, when their URLs
 * expire; and the protocol and metadata lines every such answer starts with.
 */
final class QueryHead {

    private final TableSnapshot snapshot;
    private final ResponseOptions options;
    private final String format;
    private final SnapshotLines shape;
    private final FileIds ids;
    private final Instant expiry;
    private final FileLinks links;
    private final Recipient recipient;

    private QueryHead(TableSnapshot snapshot, ResponseOptions options, String format, FileIds ids, Instant expiry,
                      FileLinks links, Recipient recipient) {
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
    static QueryHead settle(TableSnapshot snapshot, String table, ResponseOptions options, Instant expiry, FileLinks links,
                            Recipient recipient) {
        String format = ResponseFormats.choose(options.capabilities(), snapshot, table);
        return new QueryHead(snapshot, options, format, FileIds.forRequest(options.fileIdHash(), format), expiry, links, recipient);
    }

    /** The answer: at {@code version} in the response head, in this format, with what the client asked echoed. */
    TableLines answer(long version, TableLines.Body body) {
        String capabilities = format + (options.capabilities().includeEndStreamAction() ? ";includeendstreamaction=true" : "");
        return new TableLines(version, "responseformat=" + capabilities, options.fileIdHash() == null ? null : ids.scheme(), body);
    }

    /**
     * The protocol and metadata lines of the snapshot, with its size and file count;
     * {@code metadataVersion} is set on answers that follow the table's history.
     */
    void writeStart(LineSink lines, Long metadataVersion) {
        lines.line(shape.protocol(snapshot));
        lines.line(shape.metadata(snapshot.metadata(), metadataVersion, snapshot.summary().sizeInBytes(),
                snapshot.summary().numFiles()));
    }

    /** Files are identified by a digest: one per answer, as digests are not shared between threads. */
    MessageDigest digest() {
        return ids.digest();
    }

    /** A file of the snapshot; {@code version} and {@code timestamp} are set on time-travel answers only. */
    Object file(DataFile file, MessageDigest digest, Long version, Long timestamp) {
        return shape.file(file, links.links(file, digest, expiry, recipient), version, timestamp, expiry.toEpochMilli());
    }

    /** A file a commit added, removed or wrote as change data. */
    Object change(TableChange change, MessageDigest digest) {
        return shape.change(change, links.links(change.file(), digest, expiry, recipient), expiry.toEpochMilli());
    }

    SnapshotLines shape() {
        return shape;
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
