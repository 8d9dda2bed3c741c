package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditRecord;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * The change data feed ({@code GET .../changes}, PROTOCOL.md "Read Change Data Feed from a Table"):
 * per commit in the range, what its reader says the commit changed, each line with the commit's
 * version and timestamp; paged by {@code maxFiles}, the pages pinned by their tokens.
 */
@ApplicationScoped
public class ChangeFeedQueries {

    @Inject
    AuditTrail audit;

    @Inject
    TableReaders readers;

    @Inject
    FileLinks fileLinks;

    @Inject
    DataUrls urls;

    @Inject
    QueryTokens queryTokens;

    @Inject
    TablesConfig tables;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    TableScopes scopes;

    public TableLines changes(Bearer recipient, SharedTable shared, ChangesRequest request, ResponseOptions options) {
        Instant now = Instant.now();
        BearerScope scope = scopes.of(recipient, shared);
        String checksum = QueryTokens.checksum(
                "changes" + scope.key(),
                request.startingVersion(),
                request.startingTimestamp(),
                request.endingVersion(),
                request.endingTimestamp(),
                request.includeHistoricalMetadata(),
                request.includeHistoricalProtocol(),
                options.capabilitiesHeader(),
                options.fileIdHash());
        TableLocation location = shared.location();
        TableReader reader = readers.of(location);
        QueryTokens.ChangesPage page = request.pageToken() != null
                ? queryTokens.changesPage(request.pageToken(), shared.id().toString(), checksum, now)
                : firstPage(shared, reader, request);
        TableSnapshot head = reader.snapshot(location, page.head());
        AuditRecord record = audit.current().version(page.start() + ".." + page.end());
        QueryHead answerHead = QueryHead.settle(
                        head, shared.name(), options, urls.expiryFrom(now), fileLinks, recipient, shared.shareId())
                .scoped(scope);
        Feed feed = new Feed(shared, request, answerHead, page, checksum, now, record);
        return answerHead.answer(
                page.start(),
                request.maxFiles() != null || answerHead.endStreamAsked(),
                record,
                lines -> feed.writeTo(lines, reader, location));
    }

    /** Resolves and checks the range of a first page; later pages carry it in their token. */
    private QueryTokens.ChangesPage firstPage(SharedTable shared, TableReader reader, ChangesRequest request) {
        TableLocation location = shared.location();
        TableVersions.requireHistory(shared, true, request.startParameter());
        long latest = reader.latestVersion(location);
        long start = request.startingVersion() != null
                ? reader.firstVersionFrom(location, request.startingVersion())
                : reader.firstVersionAtOrAfter(location, request.startingTimestamp());
        TableVersions.inHistory(shared, start, request.startParameter());
        if (start > latest) {
            throw LakeshareException.invalidParameter(
                    "startingVersion " + start + " is after the table's latest version " + latest);
        }
        long end = request.endingVersion() != null
                ? request.endingVersion()
                : request.endingTimestamp() != null ? reader.versionAsOf(location, request.endingTimestamp()) : latest;
        end = Math.min(end, latest);
        if (end < start) {
            throw LakeshareException.invalidParameter(
                    "The range ends at version " + end + ", before it starts at version " + start);
        }
        reader.checkChangeFeed(location, start, end);
        return new QueryTokens.ChangesPage(start, end, request.includeHistoricalMetadata() ? start : latest, start, 0);
    }

    /** One page of the feed: the commits from where the page starts, until the page is full or the range ends. */
    private final class Feed {
        private final SharedTable shared;
        private final QueryHead head;
        private final QueryTokens.ChangesPage page;
        private final String checksum;
        private final Instant now;
        private final AuditRecord record;
        private final boolean metadataLines;
        private final boolean protocolLines;
        private final Integer pageSize;
        private final ListingCursor cursor = new ListingCursor(0);
        private MessageDigest digest;
        /** Files are in scope by the partition columns of the metadata they were written under. */
        private BearerScope.Admission inScope;

        Feed(
                SharedTable shared,
                ChangesRequest request,
                QueryHead head,
                QueryTokens.ChangesPage page,
                String checksum,
                Instant now,
                AuditRecord record) {
            this.shared = shared;
            this.head = head;
            this.page = page;
            this.checksum = checksum;
            this.now = now;
            this.record = record;
            this.metadataLines = request.includeHistoricalMetadata();
            this.protocolLines = request.includeHistoricalProtocol() && head.deltaFormat();
            this.pageSize = request.maxFiles() == null ? null : Math.min(request.maxFiles(), tables.maxPageFiles());
        }

        void writeTo(LineSink lines, TableReader reader, TableLocation location) {
            digest = head.digest();
            head.writeStart(lines, page.head());
            inScope = head.scope().admission(head.snapshot().metadata());
            reader.commits(
                    location, Math.max(page.start(), page.version()), page.end(), commit -> commit(commit, lines));
            metrics.filesServed(cursor.sent);
            record.files(cursor.sent);
            if (pageSize != null || head.endStreamAsked()) {
                lines.line(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(
                        null, cursor.nextPageToken, head.expiry().toEpochMilli(), null)));
            }
        }

        /**
         * Writes a commit's lines from where this page starts in it; returns false once the page is
         * full, having noted where the next page starts (a commit's metadata line goes with its first file).
         */
        private boolean commit(TableCommit commit, LineSink lines) {
            long skip = commit.version() == page.version() ? page.index() : 0;
            boolean later = commit.version() > page.start() && skip == 0;
            boolean metadataLine = metadataLines && commit.metadata() != null && later;
            boolean protocolLine = protocolLines && commit.protocol() != null && later;
            List<TableChange> files = commit.feed();
            if (commit.metadata() != null) {
                inScope = head.scope().admission(commit.metadata());
            }
            for (int i = (int) skip; i < files.size() || ((metadataLine || protocolLine) && i == 0); i++) {
                if (pageSize != null && cursor.sent == pageSize) {
                    cursor.nextPageToken = queryTokens.changesPage(
                            shared.id().toString(),
                            checksum,
                            new QueryTokens.ChangesPage(page.start(), page.end(), page.head(), commit.version(), i),
                            now);
                    return false;
                }
                if (i == 0) {
                    if (protocolLine) {
                        lines.line(head.shape().protocol(commit.protocol(), commit.version()));
                    }
                    if (metadataLine) {
                        lines.line(head.shape().metadata(commit.metadata(), commit.version(), null, null));
                    }
                }
                if (i >= files.size()) {
                    break;
                }
                if (files.get(i).file() != null && !inScope.admits(files.get(i).file())) {
                    continue;
                }
                StartingVersionQueries.refuseDeletionVectorsInParquet(files.get(i), head, shared);
                lines.line(head.change(files.get(i), digest));
                cursor.sent++;
            }
            return true;
        }
    }
}
