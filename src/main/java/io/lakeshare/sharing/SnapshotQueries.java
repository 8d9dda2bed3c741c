package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.Recipient;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.ClientGone;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.FileSpool;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.skipping.FileFilter;
import jakarta.enterprise.context.ApplicationScoped;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.ops.audit.AuditTrail;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Snapshot queries ({@code POST .../query} without {@code startingVersion}): streamed, paged, refreshable. */
@ApplicationScoped
public class SnapshotQueries {

    private static final Logger LOG = Logger.getLogger(SnapshotQueries.class);
    private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\"\\s*:\\s*(\\d+)");

    @Inject
    TableReaders readers;

    @Inject
    AuditTrail audit;

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
    FileSpool spool;

    @Inject
    LakeshareMetrics metrics;

    /** A snapshot query; {@code pinnedVersion} is set for the result of an asynchronous query. */
    Response query(Recipient recipient, SharedTable shared, QueryRequest request, Capabilities capabilities,
                   String capabilitiesHeader, String fileIdHash, Long pinnedVersion) {
        Instant now = Instant.now();
        // Every page of a query must repeat these; page tokens carry their checksum.
        String checksum = QueryTokens.checksum(request.predicateHints(), request.jsonPredicateHints(), request.limitHint(),
                request.version(), request.timestamp(), capabilitiesHeader == null ? "" : capabilitiesHeader.toLowerCase(java.util.Locale.ROOT),
                fileIdHash);
        QueryTokens.Page start = request.pageToken() != null
                ? queryTokens.page(request.pageToken(), shared.id().toString(), checksum, now)
                : new QueryTokens.Page(request.refreshToken() != null
                        ? queryTokens.refresh(request.refreshToken(), shared.id().toString(), now)
                        : pinnedVersion != null ? pinnedVersion : versions.resolve(shared, request.version(), request.timestamp()), 0, 0);
        TableSnapshot snapshot = readers.snapshot(shared, start.version());
        AuditRecord record = audit.current().version(snapshot.version());
        snapshot.requireServable();
        String format = ResponseFormats.choose(capabilities, snapshot, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        boolean timeTravel = request.version() != null || request.timestamp() != null;
        Instant expiry = urls.expiryFrom(now);
        long limit = request.limitHint() == null ? Long.MAX_VALUE : request.limitHint();
        long pageSize = request.maxFiles() == null ? Long.MAX_VALUE : Math.min(request.maxFiles(), tables.maxPageFiles());
        boolean endStream = request.maxFiles() != null || Boolean.TRUE.equals(request.includeRefreshToken())
                || capabilities.includeEndStreamAction();
        String refreshToken = Boolean.TRUE.equals(request.includeRefreshToken())
                ? queryTokens.refresh(shared.id().toString(), snapshot.version(), now) : null;
        FileFilter filter = FileFilter.of(request.jsonPredicateHints(), request.predicateHints(), snapshot.metadata());
        Response.ResponseBuilder response = NdjsonLines.response(snapshot.version(), format, capabilities, fileIdHash, ids);
        SnapshotLines shape = new SnapshotLines(format);
        // Files carry their version and commit time on time-travel queries only, as clients expect.
        Long version = timeTravel ? snapshot.version() : null;
        Long timestamp = timeTravel ? snapshot.timestamp() : null;
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            // rows: rows listed so far (for limitHint); sent: files on this page.
            long[] state = {start.rowsSoFar(), 0};
            String[] next = {null};
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot));
                FileSpool.Visitor visitor = (index, file) -> {
                    // Predicates first, then the limit: a limit counts only rows that may match.
                    if (index < start.nextIndex() || !filter.mightMatch(file)) {
                        return true;
                    }
                    if (state[0] >= limit) {
                        return false;
                    }
                    if (state[1] == pageSize) {
                        next[0] = queryTokens.page(shared.id().toString(), checksum,
                                new QueryTokens.Page(snapshot.version(), index, state[0]), now);
                        return false;
                    }
                    if (limit != Long.MAX_VALUE) {
                        state[0] += numRecords(file.stats()) - (file.deletionVector() == null ? 0 : file.deletionVector().cardinality());
                    }
                    state[1]++;
                    lines.writeUnchecked(shape.file(file, fileLinks.links(file, digest, expiry, recipient), version, timestamp, expiry.toEpochMilli()));
                    return true;
                };
                try {
                    if (request.maxFiles() != null) {
                        // Paged: read from the snapshot's spooled file list, at this page's own first file.
                        spool.forEachFrom(spoolRoot(shared), snapshot, start.nextIndex(), visitor);
                    } else if (snapshot.rescanIsCostly()) {
                        // Listed from the spool once a query has run through the whole snapshot.
                        spool.forEach(spoolRoot(shared), snapshot, visitor);
                    } else {
                        long[] index = {0};
                        snapshot.forEachFile(file -> visitor.visit(index[0]++, file));
                    }
                } catch (RuntimeException e) {
                    // A client that went away cannot read an end line; that is routine, not a failure.
                    if (!endStream || ClientGone.causedBy(e)) {
                        throw e;
                    }
                    // The status line is gone already; a client that asked for the end line learns of the failure there.
                    LOG.errorf(e, "Query of %s failed after streaming began", shared.name());
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(null, null, null,
                            "The server failed while listing the table's files; retry the query")));
                    return;
                }
                metrics.filesServed(state[1]);
                record.files(state[1]);
                if (endStream) {
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(refreshToken, next[0],
                            expiry.toEpochMilli(), null)));
                }
            }
        }).build();
    }

    /** A table's place and format: a Delta table and its Iceberg metadata (UniForm) count versions apart. */
    private static String spoolRoot(SharedTable shared) {
        return shared.format().name() + ":" + ObjectPath.tableRoot(shared.bucket(), shared.prefix());
    }

    static void validate(QueryRequest r) {
        int pinned = (r.version() != null ? 1 : 0) + (r.timestamp() != null ? 1 : 0) + (r.startingVersion() != null ? 1 : 0);
        if (pinned > 1) {
            throw LakeshareException.invalidParameter("Please only provide one of: version, timestamp, startingVersion");
        }
        if (r.version() != null && r.version() < 0) {
            throw LakeshareException.invalidParameter("version must not be negative, got " + r.version());
        }
        if (r.limitHint() != null && r.limitHint() < 0) {
            throw LakeshareException.invalidParameter("limitHint must not be negative, got " + r.limitHint());
        }
        if (r.endingVersion() != null && r.startingVersion() == null) {
            throw LakeshareException.invalidParameter("endingVersion needs startingVersion");
        }
        if (r.startingVersion() != null) {
            if (r.startingVersion() < 0) {
                throw LakeshareException.invalidParameter("startingVersion must not be negative, got " + r.startingVersion());
            }
            if (r.endingVersion() != null && r.endingVersion() < r.startingVersion()) {
                throw LakeshareException.invalidParameter("endingVersion " + r.endingVersion() + " is before startingVersion "
                        + r.startingVersion());
            }
            if (r.maxFiles() != null || r.pageToken() != null) {
                throw unsupported("paginated startingVersion queries");
            }
        }
        if (r.maxFiles() != null && r.maxFiles() <= 0) {
            throw LakeshareException.invalidParameter("maxFiles must be positive, got " + r.maxFiles());
        }
        boolean timeTravel = r.version() != null || r.timestamp() != null;
        if ((Boolean.TRUE.equals(r.includeRefreshToken()) || r.refreshToken() != null)
                && (timeTravel || r.pageToken() != null || r.startingVersion() != null)) {
            throw LakeshareException.invalidParameter("includeRefreshToken and refreshToken are for latest-snapshot queries:"
                    + " not with version, timestamp, startingVersion or pageToken");
        }
    }

    static LakeshareException unsupported(String what) {
        return new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "This server does not support " + what + " yet");
    }

    /** Rows a file holds per its stats; files without stats count as none, so they never end a limit early. */
    private static long numRecords(String stats) {
        if (stats == null) {
            return 0;
        }
        Matcher m = NUM_RECORDS.matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
