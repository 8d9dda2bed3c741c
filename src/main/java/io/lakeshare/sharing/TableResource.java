package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.AsyncQueries;
import io.lakeshare.catalog.RecipientCatalog;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import java.util.List;
import java.util.Map;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.skipping.FileFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** The protocol's table endpoints: version, metadata and query. */
@Path("/_delta-sharing/v1/shares/{share}/schemas/{schema}/tables/{table}")
@RecipientApi
public class TableResource {

    static final String NDJSON = "application/x-ndjson; charset=utf-8";
    static final String VERSION_HEADER = "Delta-Table-Version";
    private static final Logger LOG = Logger.getLogger(TableResource.class);
    private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\"\\s*:\\s*(\\d+)");

    @Inject
    RecipientContext context;

    @Inject
    RecipientCatalog catalog;

    @Inject
    TableReaders readers;

    @Inject
    DataUrls urls;

    @Inject
    ObjectMapper mapper;

    @Inject
    QueryTokens queryTokens;

    @Inject
    AsyncQueries asyncQueries;

    @Inject
    AsyncQueryRunner runner;

    @Inject
    TablesConfig tables;

    @PathParam("share")
    String share;

    @PathParam("schema")
    String schema;

    @PathParam("table")
    String table;

    @GET
    @Path("/version")
    public Response version(@QueryParam("startingTimestamp") String startingTimestamp) {
        SharedTable shared = sharedTable();
        long version = startingTimestamp == null
                ? readers.latestVersion(shared)
                : inHistory(shared, readers.firstVersionAtOrAfter(shared, requireHistory(shared,
                        Timestamps.parse("startingTimestamp", startingTimestamp), "startingTimestamp")), "startingTimestamp");
        return Response.ok().header(VERSION_HEADER, version).build();
    }

    /** The version call of connectors released before {@code GET .../version} existed. */
    @HEAD
    public Response versionLegacy(@QueryParam("startingTimestamp") String startingTimestamp) {
        return version(startingTimestamp);
    }

    @GET
    @Path("/metadata")
    public Response metadata(@QueryParam("version") String version, @QueryParam("timestamp") String timestamp,
                             @HeaderParam(Capabilities.HEADER) String capabilitiesHeader) {
        if (version != null && timestamp != null) {
            throw LakeshareException.invalidParameter("Please only provide one of: version, timestamp");
        }
        SharedTable shared = sharedTable();
        TableSnapshot snapshot = readers.snapshot(shared, resolveVersion(shared, parseVersion("version", version), timestamp));
        String format = ResponseFormats.choose(Capabilities.parse(capabilitiesHeader), snapshot, shared.name());
        SnapshotLines shape = new SnapshotLines(format);
        return ndjson(snapshot, format).entity((StreamingOutput) out -> {
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot));
            }
        }).build();
    }

    @POST
    @Path("/query")
    @Consumes({"application/json", "*/*"})
    public Response query(QueryRequest body, @HeaderParam(Capabilities.HEADER) String capabilitiesHeader,
                          @HeaderParam(FileIds.HEADER) String fileIdHash) {
        QueryRequest request = body == null ? QueryRequest.EMPTY : body;
        validate(request);
        SharedTable shared = sharedTable();
        Capabilities capabilities = Capabilities.parse(capabilitiesHeader);
        if (request.startingVersion() != null) {
            return changesSince(shared, request, capabilities, fileIdHash);
        }
        if (capabilities.asyncQuery()) {
            return startAsync(shared, request, capabilities);
        }
        return snapshotQuery(shared, request, capabilities, capabilitiesHeader, fileIdHash, null);
    }

    /**
     * Polls an asynchronous query: its status while it runs, then its result, paged by the poll's
     * {@code maxFiles}/{@code pageToken}, at the version the query was pinned to.
     */
    @POST
    @Path("/queries/{queryId}")
    @Consumes({"application/json", "*/*"})
    public Response pollAsync(@PathParam("queryId") String queryId, QueryRequest poll,
                              @HeaderParam(Capabilities.HEADER) String capabilitiesHeader,
                              @HeaderParam(FileIds.HEADER) String fileIdHash) throws java.io.IOException {
        SharedTable shared = sharedTable();
        AsyncQueries.AsyncQuery query = parseQueryId(queryId).flatMap(id -> asyncQueries.find(context.recipient(), shared.id(), id))
                .orElseThrow(() -> LakeshareException.notFound("Query " + queryId + " does not exist or has expired"));
        if (query.status() != AsyncQueries.Status.DONE) {
            return queryStatus(query.id().toString(), query.status() == AsyncQueries.Status.PENDING ? "pending" : "failed", query.error());
        }
        QueryRequest asked = mapper.readValue(query.request(), QueryRequest.class);
        QueryRequest paged = poll == null ? asked.withPage(null, null) : asked.withPage(poll.maxFiles(), poll.pageToken());
        validate(paged);
        return snapshotQuery(shared, paged, Capabilities.parse(capabilitiesHeader), capabilitiesHeader, fileIdHash, query.version());
    }

    /** Records the query, starts it on the bounded pool, and answers at once with its id. */
    private Response startAsync(SharedTable shared, QueryRequest request, Capabilities capabilities) {
        String json;
        try {
            json = mapper.writeValueAsString(request.withPage(null, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AsyncQueries.Created created = asyncQueries.findOrCreate(context.recipient(), shared.id(), request.idempotency(), json,
                tables.asyncQueryTtl());
        java.util.UUID id = created.query().id();
        if (created.isNew()) {
            boolean started = runner.submit(() -> {
                try {
                    // The slow part: the snapshot and its totals, then kept in the cache for the polls.
                    long version = resolveVersion(shared, request.version(), request.timestamp());
                    TableSnapshot snapshot = readers.snapshot(shared, version);
                    ResponseFormats.choose(capabilities, snapshot, shared.name());
                    asyncQueries.done(id, version);
                } catch (RuntimeException e) {
                    asyncQueries.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            });
            if (!started) {
                asyncQueries.failed(id, "The server is running too many queries; try again later");
            }
        }
        return queryStatus(id.toString(), "pending", null);
    }

    private Response queryStatus(String id, String status, String error) {
        // Spark's client wants a Delta-Table-Version header on every answer to a POST, even this one.
        return Response.ok().type(NDJSON).header(VERSION_HEADER, 0).header(Capabilities.HEADER, "asyncquery=true")
                .entity((StreamingOutput) out -> {
                    try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                        lines.write(new ParquetFormat.QueryStatusLine(new ParquetFormat.QueryStatus(id, status, error)));
                    }
                }).build();
    }

    private static java.util.Optional<java.util.UUID> parseQueryId(String id) {
        try {
            return java.util.Optional.of(java.util.UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** A snapshot query; {@code pinnedVersion} is set for the result of an asynchronous query. */
    private Response snapshotQuery(SharedTable shared, QueryRequest request, Capabilities capabilities,
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
                        : pinnedVersion != null ? pinnedVersion : resolveVersion(shared, request.version(), request.timestamp()), 0, 0);
        TableSnapshot snapshot = readers.snapshot(shared, start.version());
        String format = ResponseFormats.choose(capabilities, snapshot, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        boolean timeTravel = request.version() != null || request.timestamp() != null;
        // Whole seconds: URLs are signed to the second, and must live as long as expirationTimestamp says.
        Instant expiry = now.plus(urls.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String endpoint = context.recipient().publicEndpoint();
        long limit = request.limitHint() == null ? Long.MAX_VALUE : request.limitHint();
        long pageSize = request.maxFiles() == null ? Long.MAX_VALUE : Math.min(request.maxFiles(), tables.maxPageFiles());
        boolean endStream = request.maxFiles() != null || Boolean.TRUE.equals(request.includeRefreshToken())
                || capabilities.includeEndStreamAction();
        String refreshToken = Boolean.TRUE.equals(request.includeRefreshToken())
                ? queryTokens.refresh(shared.id().toString(), snapshot.version(), now) : null;
        FileFilter filter = FileFilter.of(request.jsonPredicateHints(), request.predicateHints(), snapshot.metadata());
        Response.ResponseBuilder response = ndjson(snapshot, format + (capabilities.includeEndStreamAction()
                ? ";includeendstreamaction=true" : ""));
        if (fileIdHash != null) {
            response.header(FileIds.HEADER, ids.scheme());
        }
        SnapshotLines shape = new SnapshotLines(format);
        // Files carry their version and commit time on time-travel queries only, as clients expect.
        Long version = timeTravel ? snapshot.version() : null;
        Long timestamp = timeTravel ? snapshot.timestamp() : null;
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            // index: position in the scan; rows: rows listed so far (for limitHint); sent: files on this page.
            long[] state = {0, start.rowsSoFar(), 0};
            String[] next = {null};
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot));
                try {
                    snapshot.forEachFile(file -> {
                        long index = state[0]++;
                        // Predicates first, then the limit: a limit counts only rows that may match.
                        if (index < start.nextIndex() || !filter.mightMatch(file)) {
                            return true;
                        }
                        if (state[1] >= limit) {
                            return false;
                        }
                        if (state[2] == pageSize) {
                            next[0] = queryTokens.page(shared.id().toString(), checksum,
                                    new QueryTokens.Page(snapshot.version(), index, state[1]), now);
                            return false;
                        }
                        if (limit != Long.MAX_VALUE) {
                            state[1] += numRecords(file.stats()) - (file.deletionVector() == null ? 0 : file.deletionVector().cardinality());
                        }
                        state[2]++;
                        write(lines, shape.file(file, links(file, digest, expiry, endpoint), version, timestamp, expiry.toEpochMilli()));
                        return true;
                    });
                } catch (RuntimeException e) {
                    if (!endStream) {
                        throw e;
                    }
                    // The status line is gone already; a client that asked for the end line learns of the failure there.
                    LOG.errorf(e, "Query of %s failed after streaming began", shared.name());
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(null, null, null,
                            "The server failed while listing the table's files; retry the query")));
                    return;
                }
                if (endStream) {
                    lines.write(new ParquetFormat.EndStreamActionLine(new ParquetFormat.EndStreamAction(refreshToken, next[0],
                            expiry.toEpochMilli(), null)));
                }
            }
        }).build();
    }

    /**
     * A {@code startingVersion} query: the table as of that version, then every file each later commit
     * added or removed, with its version and commit time, and each change of metadata.
     */
    private Response changesSince(SharedTable shared, QueryRequest request, Capabilities capabilities, String fileIdHash) {
        long start = inHistory(shared, request.startingVersion(), "startingVersion");
        long latest = readers.latestVersion(shared);
        long end = request.endingVersion() == null ? latest : request.endingVersion();
        if (start > latest || end > latest) {
            throw LakeshareException.invalidParameter((start > latest ? "startingVersion " + start : "endingVersion " + end)
                    + " is after the table's latest version " + latest);
        }
        TableSnapshot snapshot = readers.snapshot(shared, start);
        String format = ResponseFormats.choose(capabilities, snapshot, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        Instant expiry = Instant.now().plus(urls.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String endpoint = context.recipient().publicEndpoint();
        SnapshotLines shape = new SnapshotLines(format);
        boolean deltaFormat = ResponseFormats.DELTA.equals(format);
        Response.ResponseBuilder response = ndjson(snapshot, format + (capabilities.includeEndStreamAction()
                ? ";includeendstreamaction=true" : ""));
        if (fileIdHash != null) {
            response.header(FileIds.HEADER, ids.scheme());
        }
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot.metadata(), start, snapshot.summary().sizeInBytes(), snapshot.summary().numFiles()));
                readers.changes(shared, start, end, change -> {
                    if (change.kind() == TableChange.Kind.METADATA) {
                        if (change.version() > start) {
                            write(lines, shape.metadata(change.metadata(), change.version(), null, null));
                        }
                        return true;
                    }
                    if (!deltaFormat && change.file().deletionVector() != null) {
                        // Checked per file: a parquet reader would count the rows the vector deletes.
                        throw new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "Version " + change.version()
                                + " of table '" + shared.name() + "' has deletion vectors; read its changes in the delta format");
                    }
                    write(lines, shape.change(change, links(change.file(), digest, expiry, endpoint), expiry.toEpochMilli()));
                    return true;
                });
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
    @GET
    @Path("/changes")
    public Response changes(@QueryParam("startingVersion") String startingVersion,
                            @QueryParam("startingTimestamp") String startingTimestamp,
                            @QueryParam("endingVersion") String endingVersion,
                            @QueryParam("endingTimestamp") String endingTimestamp,
                            @QueryParam("includeHistoricalMetadata") String includeHistoricalMetadata,
                            @QueryParam("maxFiles") String maxFiles, @QueryParam("pageToken") String pageToken,
                            @HeaderParam(Capabilities.HEADER) String capabilitiesHeader,
                            @HeaderParam(FileIds.HEADER) String fileIdHash) {
        if ((startingVersion == null) == (startingTimestamp == null)) {
            throw LakeshareException.invalidParameter("Please provide exactly one of: startingVersion, startingTimestamp");
        }
        if (endingVersion != null && endingTimestamp != null) {
            throw LakeshareException.invalidParameter("Please only provide one of: endingVersion, endingTimestamp");
        }
        Integer pageSize = maxFiles == null ? null : parsePageSize(maxFiles);
        SharedTable shared = sharedTable();
        boolean historical = "true".equalsIgnoreCase(includeHistoricalMetadata);
        Instant now = Instant.now();
        String checksum = QueryTokens.checksum("changes", startingVersion, startingTimestamp, endingVersion, endingTimestamp,
                historical, capabilitiesHeader == null ? "" : capabilitiesHeader.toLowerCase(java.util.Locale.ROOT), fileIdHash);
        QueryTokens.ChangesPage page = pageToken != null
                ? queryTokens.changesPage(pageToken, shared.id().toString(), checksum, now)
                : firstChangesPage(shared, startingVersion, startingTimestamp, endingVersion, endingTimestamp, historical);
        long start = page.start();
        long rangeEnd = page.end();
        TableSnapshot head = readers.snapshot(shared, page.head());
        Capabilities capabilities = Capabilities.parse(capabilitiesHeader);
        String format = ResponseFormats.choose(capabilities, head, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        Instant expiry = Instant.now().plus(urls.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String endpoint = context.recipient().publicEndpoint();
        SnapshotLines shape = new SnapshotLines(format);
        boolean deltaFormat = ResponseFormats.DELTA.equals(format);
        Response.ResponseBuilder response = Response.ok().type(NDJSON).header(VERSION_HEADER, start)
                .header(Capabilities.HEADER, "responseformat=" + format
                        + (capabilities.includeEndStreamAction() ? ";includeendstreamaction=true" : ""));
        if (fileIdHash != null) {
            response.header(FileIds.HEADER, ids.scheme());
        }
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(head));
                lines.write(shape.metadata(head.metadata(), head.version(), head.summary().sizeInBytes(), head.summary().numFiles()));
                long[] sent = {0};
                String[] next = {null};
                long limit = pageSize == null ? Long.MAX_VALUE : pageSize;
                readers.commits(shared, Math.max(start, page.version()), rangeEnd, commit -> {
                    long skip = commit.version() == page.version() ? page.index() : 0;
                    boolean metadataLine = historical && commit.metadata() != null && commit.version() > start && skip == 0;
                    List<TableChange> files = !commit.changeData().isEmpty() ? commit.changeData()
                            : noOpMerge(commit) ? List.of() : commit.files();
                    for (int i = 0; i < files.size() || (metadataLine && i == 0); i++) {
                        if (i < skip) {
                            continue;
                        }
                        if (sent[0] == limit) {
                            // The next page starts here; a commit's metadata line goes with its first file.
                            next[0] = queryTokens.changesPage(shared.id().toString(), checksum,
                                    new QueryTokens.ChangesPage(start, rangeEnd, head.version(), commit.version(), i), now);
                            return false;
                        }
                        if (metadataLine && i == 0) {
                            write(lines, shape.metadata(commit.metadata(), commit.version(), null, null));
                        }
                        if (i >= files.size()) {
                            break;
                        }
                        TableChange change = files.get(i);
                        if (!deltaFormat && change.file().deletionVector() != null) {
                            throw new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "Version " + change.version()
                                    + " of table '" + shared.name() + "' has deletion vectors; read its changes in the delta format");
                        }
                        write(lines, shape.change(change, links(change.file(), digest, expiry, endpoint), expiry.toEpochMilli()));
                        sent[0]++;
                    }
                    return true;
                });
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
        requireHistory(shared, true, startingVersion != null ? "startingVersion" : "startingTimestamp");
        long latest = readers.latestVersion(shared);
        long start = startingVersion != null ? parseVersion("startingVersion", startingVersion)
                : readers.firstVersionAtOrAfter(shared, Timestamps.parse("startingTimestamp", startingTimestamp));
        inHistory(shared, start, startingVersion != null ? "startingVersion" : "startingTimestamp");
        if (start > latest) {
            throw LakeshareException.invalidParameter("startingVersion " + start + " is after the table's latest version " + latest);
        }
        long end = endingVersion != null ? parseVersion("endingVersion", endingVersion)
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
    private static boolean noOpMerge(TableCommit commit) {
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

    private SnapshotLines.Links links(DataFile file, MessageDigest digest, Instant expiry, String endpoint) {
        String url = urls.url(file.object().bucket(), file.object().key(), expiry, endpoint);
        String id = FileIds.id(digest, file.logPath());
        DeletionVector dv = file.deletionVector();
        if (dv == null || dv.object() == null) {
            return new SnapshotLines.Links(url, id, null, null);
        }
        return new SnapshotLines.Links(url, id, urls.url(dv.object().bucket(), dv.object().key(), expiry, endpoint),
                FileIds.id(digest, dv.object().key()));
    }

    private static void write(NdjsonLines lines, Object line) {
        try {
            lines.write(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Response.ResponseBuilder ndjson(TableSnapshot snapshot, String capabilities) {
        return Response.ok().type(NDJSON)
                .header(VERSION_HEADER, snapshot.version())
                .header(Capabilities.HEADER, "responseformat=" + capabilities);
    }

    private SharedTable sharedTable() {
        return catalog.table(context.recipient(), share, schema, table);
    }

    private long resolveVersion(SharedTable shared, Long version, String timestamp) {
        if (version != null) {
            return inHistory(shared, version, "version");
        }
        if (timestamp != null) {
            Instant instant = requireHistory(shared, Timestamps.parse("timestamp", timestamp), "timestamp");
            return inHistory(shared, readers.versionAsOf(shared, instant), "timestamp");
        }
        return readers.latestVersion(shared);
    }

    /** Past versions are readable only where the owner shares the table's history. */
    private static <T> T requireHistory(SharedTable shared, T value, String parameter) {
        if (!shared.historyShared()) {
            throw LakeshareException.invalidParameter("The history of table '" + shared.name() + "' is not shared, so "
                    + parameter + " cannot be used; ask the provider to share it");
        }
        return value;
    }

    private static long inHistory(SharedTable shared, long version, String parameter) {
        requireHistory(shared, version, parameter);
        if (shared.startVersion() != null && version < shared.startVersion()) {
            throw LakeshareException.invalidParameter(parameter + " selects version " + version + ", before version "
                    + shared.startVersion() + " where the shared history of table '" + shared.name() + "' begins");
        }
        return version;
    }

    private static void validate(QueryRequest r) {
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

    private static LakeshareException unsupported(String what) {
        return new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "This server does not support " + what + " yet");
    }

    private static Long parseVersion(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0) {
                throw LakeshareException.invalidParameter(parameter + " must not be negative, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw LakeshareException.invalidParameter(parameter + " must be a whole number, got '" + text + "'");
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
