package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * {@code startingVersion} queries (PROTOCOL.md "Read Data from a Table", "startingVersion"): the
 * table as of that version, then every file each later commit added or removed, with its version
 * and commit time, and each change of metadata (and of protocol, when asked).
 */
@ApplicationScoped
public class StartingVersionQueries {

    @Inject
    AuditTrail audit;

    @Inject
    TableReaders readers;

    @Inject
    FileLinks fileLinks;

    @Inject
    DataUrls urls;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    TableScopes scopes;

    public TableLines since(Bearer recipient, SharedTable shared, QueryRequest request, ResponseOptions options) {
        TableLocation location = shared.location();
        TableReader reader = readers.of(location);
        long latest = reader.latestVersion(location);
        long start = reader.firstVersionFrom(
                location, TableVersions.inHistory(shared, request.startingVersion(), "startingVersion"));
        long end = request.endingVersion() == null ? latest : request.endingVersion();
        if (start > latest || end > latest) {
            throw LakeshareException.invalidParameter(
                    (start > latest ? "startingVersion " + request.startingVersion() : "endingVersion " + end)
                            + " is after the table's latest version " + latest);
        }
        reader.checkCommits(location, start, end);
        TableSnapshot snapshot = reader.snapshot(location, start);
        AuditRecord record = audit.current().version(start + ".." + end);
        BearerScope scope = scopes.of(recipient, shared);
        QueryHead head = QueryHead.settle(
                        snapshot,
                        shared.name(),
                        options,
                        urls.expiryFrom(Instant.now()),
                        fileLinks,
                        recipient,
                        shared.shareId())
                .scoped(scope);
        boolean protocols = Boolean.TRUE.equals(request.includeHistoricalProtocol()) && head.deltaFormat();
        return head.answer(snapshot.version(), head.endStreamAsked(), record, lines -> {
            head.writeStart(lines, start);
            MessageDigest digest = head.digest();
            long[] sent = {0};
            // Files are in scope by the partition columns of the metadata they were written under.
            BearerScope.Admission[] inScope = {scope.admission(snapshot.metadata())};
            reader.changes(location, start, end, change -> {
                if (change.kind() == TableChange.Kind.METADATA && change.metadata() != null) {
                    inScope[0] = scope.admission(change.metadata());
                }
                if (change.file() != null && !inScope[0].admits(change.file())) {
                    return true;
                }
                if (change.version() > start || change.file() != null) {
                    sent[0] += write(lines, change, head, digest, protocols, shared);
                }
                return true;
            });
            metrics.filesServed(sent[0]);
            record.files(sent[0]);
            if (head.endStreamAsked()) {
                lines.line(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(
                        null, null, head.expiry().toEpochMilli(), null)));
            }
        });
    }

    /** Writes the line of a change after the starting version's snapshot; returns how many files it sent (0 or 1). */
    private static int write(
            LineSink lines,
            TableChange change,
            QueryHead head,
            MessageDigest digest,
            boolean protocols,
            SharedTable shared) {
        switch (change.kind()) {
            case PROTOCOL -> {
                if (protocols) {
                    lines.line(head.shape().protocol(change.protocol(), change.version()));
                }
                return 0;
            }
            case METADATA -> {
                lines.line(head.shape().metadata(change.metadata(), change.version(), null, null));
                return 0;
            }
            default -> {
                refuseDeletionVectorsInParquet(change, head, shared);
                lines.line(head.change(change, digest));
                return 1;
            }
        }
    }

    /** Checked per file: a parquet reader would count the rows a deletion vector deletes. */
    static void refuseDeletionVectorsInParquet(TableChange change, QueryHead head, SharedTable shared) {
        if (!head.deltaFormat() && change.file().deletionVector() != null) {
            throw new LakeshareException(
                    ErrorCode.UNSUPPORTED_OPERATION,
                    "Version " + change.version() + " of table '" + shared.name()
                            + "' has deletion vectors; read its changes in the delta format");
        }
    }
}
