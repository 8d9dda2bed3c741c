package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.FileSpool;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.skipping.FileFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snapshot queries ({@code POST .../query} without {@code startingVersion}, PROTOCOL.md "Read Data
 * from a Table"): the files of one version, filtered by the predicate hints, cut by the limit hint,
 * paged by {@code maxFiles}, refreshable.
 */
@ApplicationScoped
public class SnapshotQueries {

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
    QueryTokens queryTokens;

    @Inject
    TablesConfig tables;

    @Inject
    FileSpool spool;

    @Inject
    RenderedLines rendered;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    TableScopes scopes;

    /** A snapshot query; {@code pinnedVersion} is set for the result of an asynchronous query. */
    public TableLines query(
            Bearer recipient, SharedTable shared, QueryRequest request, ResponseOptions options, Long pinnedVersion) {
        Instant now = Instant.now();
        BearerScope scope = scopes.of(recipient, shared);
        String checksum = checksum(request, options, scope);
        QueryTokens.Page start = firstFile(shared, request, checksum, pinnedVersion, now);
        TableLocation location = shared.location();
        TableSnapshot snapshot = readers.of(location).snapshot(location, start.version());
        AuditRecord record = audit.current()
                .version(snapshot.version())
                .hints(request.jsonPredicateHints(), request.predicateHints(), request.limitHint());
        snapshot.requireServable();
        QueryHead head = QueryHead.settle(
                        snapshot, shared.name(), options, urls.expiryFrom(now), fileLinks, recipient, shared.shareId())
                .scoped(scope);
        Listing listing = new Listing(shared, request, snapshot, head, start, checksum, now, record);
        return head.answer(snapshot.version(), listing.endStream, record, listing::writeTo);
    }

    /** Where the answer starts: the first page, the page a page token names, or the version a refresh token pins. */
    private QueryTokens.Page firstFile(
            SharedTable shared, QueryRequest request, String checksum, Long pinnedVersion, Instant now) {
        String tableId = shared.id().toString();
        if (request.pageToken() != null) {
            return queryTokens.page(request.pageToken(), tableId, checksum, now);
        }
        long version = request.refreshToken() != null
                ? queryTokens.refresh(request.refreshToken(), tableId, now)
                : pinnedVersion != null
                        ? pinnedVersion
                        : versions.resolve(shared, request.version(), request.timestamp());
        return new QueryTokens.Page(version, 0, 0);
    }

    /**
     * Every page of a query must repeat these parameters; page tokens carry their checksum. The
     * bearer's partition scope is one of them: a token minted under one scope pages no other.
     */
    private static String checksum(QueryRequest r, ResponseOptions options, BearerScope scope) {
        if (scope.scoped()) {
            return QueryTokens.checksum(
                    scope.key(),
                    r.predicateHints(),
                    r.jsonPredicateHints(),
                    r.limitHint(),
                    r.version(),
                    r.timestamp(),
                    options.capabilitiesHeader(),
                    options.fileIdHash());
        }
        return QueryTokens.checksum(
                r.predicateHints(),
                r.jsonPredicateHints(),
                r.limitHint(),
                r.version(),
                r.timestamp(),
                options.capabilitiesHeader(),
                options.fileIdHash());
    }

    /** One query's walk through the snapshot's files, and how far it has got. */
    private final class Listing {
        private final SharedTable shared;
        private final TableSnapshot snapshot;
        private final QueryHead head;
        private final QueryTokens.Page start;
        private final String checksum;
        private final Instant now;
        private final AuditRecord record;
        private final FileFilter filter;
        private final BearerScope.Admission inScope;
        private final boolean scoped;
        private final boolean paged;
        private final long limit;
        private final long pageSize;
        private final boolean endStream;
        private final String refreshToken;
        /** Files carry their version and commit time on time-travel queries only, as clients expect. */
        private final Long fileVersion;

        private final Long fileTimestamp;
        private final ListingCursor cursor;
        private MessageDigest digest;

        Listing(
                SharedTable shared,
                QueryRequest request,
                TableSnapshot snapshot,
                QueryHead head,
                QueryTokens.Page start,
                String checksum,
                Instant now,
                AuditRecord record) {
            this.shared = shared;
            this.snapshot = snapshot;
            this.head = head;
            this.start = start;
            this.checksum = checksum;
            this.now = now;
            this.record = record;
            this.filter = FileFilter.of(request.jsonPredicateHints(), request.predicateHints(), snapshot.metadata());
            this.scoped = head.scope().scoped();
            this.inScope = head.scope().admission(snapshot.metadata());
            this.paged = request.maxFiles() != null;
            this.limit = request.limitHint() == null ? Long.MAX_VALUE : request.limitHint();
            this.pageSize = paged ? Math.min(request.maxFiles(), tables.maxPageFiles()) : Long.MAX_VALUE;
            this.endStream = paged || Boolean.TRUE.equals(request.includeRefreshToken()) || head.endStreamAsked();
            this.refreshToken = Boolean.TRUE.equals(request.includeRefreshToken())
                    ? queryTokens.refresh(shared.id().toString(), snapshot.version(), now)
                    : null;
            boolean timeTravel = request.version() != null || request.timestamp() != null;
            this.fileVersion = timeTravel ? snapshot.version() : null;
            this.fileTimestamp = timeTravel ? snapshot.timestamp() : null;
            this.cursor = new ListingCursor(start.rowsSoFar());
        }

        void writeTo(LineSink lines) {
            digest = head.digest();
            head.writeStart(lines, null);
            if (wholeSnapshot()) {
                cursor.sent = rendered.writeAll(
                        shared.location().key(), snapshot, head, fileVersion, fileTimestamp, this::forEachFile, lines);
            } else {
                forEachFile((index, file) -> visit(index, file, lines));
            }
            metrics.filesServed(cursor.sent);
            record.files(cursor.sent).skipped(cursor.skipped);
            if (endStream) {
                lines.line(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(
                        refreshToken, cursor.nextPageToken, head.expiry().toEpochMilli(), null)));
            }
        }

        /**
         * Every file, unfiltered and uncut: such answers are served from rendered lines where they fit
         * the spool. A table with a partition scope never is: its rendered lines would hold every file.
         */
        private boolean wholeSnapshot() {
            return !scoped
                    && rendered.keeps(snapshot.totals().numFiles())
                    && !paged
                    && limit == Long.MAX_VALUE
                    && start.nextIndex() == 0
                    && filter.skipsNothing();
        }

        /** Lists from the spool where that is cheaper or paging needs its index, else from the snapshot. */
        private void forEachFile(FileSpool.Visitor visitor) {
            String spoolKey = shared.location().key();
            if (paged) {
                spool.forEachFrom(spoolKey, snapshot, start.nextIndex(), visitor);
            } else if (snapshot.rescanIsCostly()) {
                spool.forEach(spoolKey, snapshot, visitor);
            } else {
                long[] index = {0};
                snapshot.forEachFile(file -> visitor.visit(index[0]++, file));
            }
        }

        /** Predicates first, then the limit: a limit counts only rows that may match. */
        private boolean visit(long index, DataFile file, LineSink lines) {
            if (index < start.nextIndex()) {
                return true;
            }
            if (!inScope.admits(file)) {
                return true;
            }
            if (!filter.mightMatch(file)) {
                cursor.skipped++;
                return true;
            }
            if (cursor.rows >= limit) {
                return false;
            }
            if (cursor.sent == pageSize) {
                cursor.nextPageToken = queryTokens.page(
                        shared.id().toString(),
                        checksum,
                        new QueryTokens.Page(snapshot.version(), index, cursor.rows),
                        now);
                return false;
            }
            if (limit != Long.MAX_VALUE) {
                cursor.rows += numRecords(file.stats())
                        - (file.deletionVector() == null
                                ? 0
                                : file.deletionVector().cardinality());
            }
            cursor.sent++;
            lines.line(head.file(file, digest, fileVersion, fileTimestamp));
            return true;
        }
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
