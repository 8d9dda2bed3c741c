package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.Recipient;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.ops.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Following a table's history: {@code startingVersion} queries and the change data feed. */
@ApplicationScoped
public class ChangeQueries {

    @Inject
    AuditTrail audit;

    @Inject
    TableReaders readers;

    @Inject
    TableVersions versions;

    @Inject
    FileLinks fileLinks;

    @Inject
    DataUrls urls;

    @Inject
    ObjectMapper mapper;

    @Inject
    QueryTokens queryTokens;

    @Inject
    TablesConfig tables;

    @Inject
    LakeshareMetrics metrics;

    /**
     * A {@code startingVersion} query: the table as of that version, then every file each later commit
     * added or removed, with its version and commit time, and each change of metadata.
     */
    Response since(Recipient recipient, SharedTable shared, QueryRequest request, Capabilities capabilities, String fileIdHash) {
        long latest = readers.latestVersion(shared);
        long start = readers.firstVersionFrom(shared, TableVersions.inHistory(shared, request.startingVersion(), "startingVersion"));
        long end = request.endingVersion() == null ? latest : request.endingVersion();
        if (start > latest || end > latest) {
            throw LakeshareException.invalidParameter((start > latest ? "startingVersion " + request.startingVersion()
                    : "endingVersion " + end) + " is after the table's latest version " + latest);
        }
        readers.checkChanges(shared, start, end);
        TableSnapshot snapshot = readers.snapshot(shared, start);
        AuditRecord record = audit.current().version(start + ".." + end);
        String format = ResponseFormats.choose(capabilities, snapshot, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        Instant expiry = urls.expiryFrom(Instant.now());
        SnapshotLines shape = new SnapshotLines(format);
        boolean deltaFormat = ResponseFormats.DELTA.equals(format);
        Response.ResponseBuilder response = NdjsonLines.response(snapshot.version(), format, capabilities, fileIdHash, ids);
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot.metadata(), start, snapshot.summary().sizeInBytes(), snapshot.summary().numFiles()));
                boolean protocols = Boolean.TRUE.equals(request.includeHistoricalProtocol()) && shape.delta();
                long[] sent = {0};
                readers.changes(shared, start, end, change -> {
                    if (change.kind() == TableChange.Kind.PROTOCOL) {
                        if (protocols && change.version() > start) {
                            lines.writeUnchecked(shape.protocol(change.protocol(), change.version()));
                        }
                        return true;
                    }
                    if (change.kind() == TableChange.Kind.METADATA) {
                        if (change.version() > start) {
                            lines.writeUnchecked(shape.metadata(change.metadata(), change.version(), null, null));
                        }
                        return true;
                    }
                    refuseDeletionVectorsInParquet(change, deltaFormat, shared);
                    lines.writeUnchecked(shape.change(change, fileLinks.links(change.file(), digest, expiry, recipient), expiry.toEpochMilli()));
                    sent[0]++;
                    return true;
                });
                metrics.filesServed(sent[0]);
                record.files(sent[0]);
                if (capabilities.includeEndStreamAction()) {
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(null, null,
                            expiry.toEpochMilli(), null)));
                }
            }
        }).build();
    }

    /**
     * The change data feed (PROTOCOL-NOTES §4): per commit in the range, its change-data files when it
     * wrote any, nothing for a MERGE that changed no rows, else the files it added and removed; each
     * line with the commit's version and timestamp.
     */
    Response changes(Recipient recipient, SharedTable shared, String startingVersion, String startingTimestamp,
                     String endingVersion, String endingTimestamp, String includeHistoricalMetadata,
                     String includeHistoricalProtocol, String maxFiles,
                     String pageToken, String capabilitiesHeader, String fileIdHash) {
        if ((startingVersion == null) == (startingTimestamp == null)) {
            throw LakeshareException.invalidParameter("Please provide exactly one of: startingVersion, startingTimestamp");
        }
        if (endingVersion != null && endingTimestamp != null) {
            throw LakeshareException.invalidParameter("Please only provide one of: endingVersion, endingTimestamp");
        }
        Integer pageSize = maxFiles == null ? null : parsePageSize(maxFiles);
        boolean historical = "true".equalsIgnoreCase(includeHistoricalMetadata);
        Instant now = Instant.now();
        String checksum = QueryTokens.checksum("changes", startingVersion, startingTimestamp, endingVersion, endingTimestamp,
                historical, includeHistoricalProtocol, capabilitiesHeader == null ? "" : capabilitiesHeader.toLowerCase(java.util.Locale.ROOT), fileIdHash);
        QueryTokens.ChangesPage page = pageToken != null
                ? queryTokens.changesPage(pageToken, shared.id().toString(), checksum, now)
                : firstChangesPage(shared, startingVersion, startingTimestamp, endingVersion, endingTimestamp, historical);
        long start = page.start();
        long rangeEnd = page.end();
        TableSnapshot head = readers.snapshot(shared, page.head());
        AuditRecord record = audit.current().version(start + ".." + rangeEnd);
        Capabilities capabilities = Capabilities.parse(capabilitiesHeader);
        String format = ResponseFormats.choose(capabilities, head, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        Instant expiry = urls.expiryFrom(Instant.now());
        SnapshotLines shape = new SnapshotLines(format);
        boolean deltaFormat = ResponseFormats.DELTA.equals(format);
        Response.ResponseBuilder response = NdjsonLines.response(start, format, capabilities, fileIdHash, ids);
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(head));
                lines.write(shape.metadata(head.metadata(), head.version(), head.summary().sizeInBytes(), head.summary().numFiles()));
                boolean protocols = "true".equalsIgnoreCase(includeHistoricalProtocol) && shape.delta();
                long[] sent = {0};
                String[] next = {null};
                long limit = pageSize == null ? Long.MAX_VALUE : pageSize;
                readers.commits(shared, Math.max(start, page.version()), rangeEnd, commit -> {
                    long skip = commit.version() == page.version() ? page.index() : 0;
                    boolean metadataLine = historical && commit.metadata() != null && commit.version() > start && skip == 0;
                    boolean protocolLine = protocols && commit.protocol() != null && commit.version() > start && skip == 0;
                    List<TableChange> files = !commit.changeData().isEmpty() ? commit.changeData()
                            : noOpMerge(commit) ? List.of() : commit.files();
                    for (int i = 0; i < files.size() || ((metadataLine || protocolLine) && i == 0); i++) {
                        if (i < skip) {
                            continue;
                        }
                        if (sent[0] == limit) {
                            // The next page starts here; a commit's metadata line goes with its first file.
                            next[0] = queryTokens.changesPage(shared.id().toString(), checksum,
                                    new QueryTokens.ChangesPage(start, rangeEnd, head.version(), commit.version(), i), now);
                            return false;
                        }
                        if (protocolLine && i == 0) {
                            lines.writeUnchecked(shape.protocol(commit.protocol(), commit.version()));
                        }
                        if (metadataLine && i == 0) {
                            lines.writeUnchecked(shape.metadata(commit.metadata(), commit.version(), null, null));
                        }
                        if (i >= files.size()) {
                            break;
                        }
                        TableChange change = files.get(i);
                        refuseDeletionVectorsInParquet(change, deltaFormat, shared);
                        lines.writeUnchecked(shape.change(change, fileLinks.links(change.file(), digest, expiry, recipient), expiry.toEpochMilli()));
                        sent[0]++;
                    }
                    return true;
                });
                metrics.filesServed(sent[0]);
                record.files(sent[0]);
                if (pageSize != null || capabilities.includeEndStreamAction()) {
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(null, next[0],
                            expiry.toEpochMilli(), null)));
                }
            }
        }).build();
    }

    /** Resolves and checks the range of a first changes page; later pages carry it in their token. */
    private QueryTokens.ChangesPage firstChangesPage(SharedTable shared, String startingVersion, String startingTimestamp,
                                                     String endingVersion, String endingTimestamp, boolean historical) {
        TableVersions.requireHistory(shared, true, startingVersion != null ? "startingVersion" : "startingTimestamp");
        long latest = readers.latestVersion(shared);
        long start = startingVersion != null ? readers.firstVersionFrom(shared, TableVersions.parseVersion("startingVersion", startingVersion))
                : readers.firstVersionAtOrAfter(shared, Timestamps.parse("startingTimestamp", startingTimestamp));
        TableVersions.inHistory(shared, start, startingVersion != null ? "startingVersion" : "startingTimestamp");
        if (start > latest) {
            throw LakeshareException.invalidParameter("startingVersion " + start + " is after the table's latest version " + latest);
        }
        long end = endingVersion != null ? TableVersions.parseVersion("endingVersion", endingVersion)
                : endingTimestamp != null ? readers.versionAsOf(shared, Timestamps.parse("endingTimestamp", endingTimestamp)) : latest;
        end = Math.min(end, latest);
        if (end < start) {
            throw LakeshareException.invalidParameter("The range ends at version " + end + ", before it starts at version " + start);
        }
        requireChangeData(shared, readers.snapshot(shared, start).metadata(), start);
        readers.commits(shared, start, end, commit -> {
            if (commit.metadata() != null) {
                requireChangeData(shared, commit.metadata(), commit.version());
            }
            return true;
        });
        return new QueryTokens.ChangesPage(start, end, historical ? start : latest, start, 0);
    }

    private int parsePageSize(String maxFiles) {
        try {
            int n = Integer.parseInt(maxFiles.strip());
            if (n <= 0) {
                throw LakeshareException.invalidParameter("maxFiles must be positive, got " + n);
            }
            return Math.min(n, tables.maxPageFiles());
        } catch (NumberFormatException e) {
            throw LakeshareException.invalidParameter("maxFiles must be a whole number, got '" + maxFiles + "'");
        }
    }

    /** A MERGE whose metrics say it inserted, updated and deleted nothing rewrote files without changing rows. */
    static boolean noOpMerge(TableCommit commit) {
        if (!"MERGE".equals(commit.operation())) {
            return false;
        }
        Map<String, String> m = commit.operationMetrics();
        return "0".equals(m.get("numTargetRowsInserted")) && "0".equals(m.get("numTargetRowsUpdated"))
                && "0".equals(m.get("numTargetRowsDeleted"));
    }

    private static void requireChangeData(SharedTable shared, io.lakeshare.tables.TableMetadata metadata, long version) {
        if (!"true".equalsIgnoreCase(metadata.configuration().get("delta.enableChangeDataFeed"))) {
            throw LakeshareException.invalidParameter("Change data was not recorded for version " + version + " of table '"
                    + shared.name() + "': its change data feed (delta.enableChangeDataFeed) was off; ask from a later version");
        }
    }

    /** Checked per file: a parquet reader would count the rows a deletion vector deletes. */
    private static void refuseDeletionVectorsInParquet(TableChange change, boolean deltaFormat, SharedTable shared) {
        if (!deltaFormat && change.file().deletionVector() != null) {
            throw new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "Version " + change.version() + " of table '"
                    + shared.name() + "' has deletion vectors; read its changes in the delta format");
        }
    }
}
