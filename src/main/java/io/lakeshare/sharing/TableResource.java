package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.RecipientCatalog;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
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

/** The protocol's table endpoints: version, metadata and query. */
@Path("/_delta-sharing/v1/shares/{share}/schemas/{schema}/tables/{table}")
@RecipientApi
public class TableResource {

    static final String NDJSON = "application/x-ndjson; charset=utf-8";
    static final String VERSION_HEADER = "Delta-Table-Version";
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
                : readers.firstVersionAtOrAfter(shared, Timestamps.parse("startingTimestamp", startingTimestamp));
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
        TableSnapshot snapshot = readers.snapshot(shared, resolveVersion(shared, request.version(), request.timestamp()));
        String format = ResponseFormats.choose(Capabilities.parse(capabilitiesHeader), snapshot, shared.name());
        FileIds ids = FileIds.forRequest(fileIdHash, format);
        boolean timeTravel = request.version() != null || request.timestamp() != null;
        // Whole seconds: URLs are signed to the second, and must live as long as expirationTimestamp says.
        Instant expiry = Instant.now().plus(urls.ttl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String endpoint = context.recipient().publicEndpoint();
        long limit = request.limitHint() == null ? Long.MAX_VALUE : request.limitHint();
        FileFilter filter = FileFilter.of(request.jsonPredicateHints(), request.predicateHints(), snapshot.metadata());
        Response.ResponseBuilder response = ndjson(snapshot, format);
        if (fileIdHash != null) {
            response.header(FileIds.HEADER, ids.scheme());
        }
        SnapshotLines shape = new SnapshotLines(format);
        // Files carry their version and commit time on time-travel queries only, as clients expect.
        Long version = timeTravel ? snapshot.version() : null;
        Long timestamp = timeTravel ? snapshot.timestamp() : null;
        return response.entity((StreamingOutput) out -> {
            MessageDigest digest = ids.digest();
            long[] rows = {0};
            try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                lines.write(shape.protocol(snapshot));
                lines.write(shape.metadata(snapshot));
                snapshot.forEachFile(file -> {
                    // Predicates first, then the limit: a limit counts only rows that may match.
                    if (rows[0] >= limit || !filter.mightMatch(file)) {
                        return;
                    }
                    if (limit != Long.MAX_VALUE) {
                        rows[0] += numRecords(file.stats()) - (file.deletionVector() == null ? 0 : file.deletionVector().cardinality());
                    }
                    write(lines, shape.file(file, links(file, digest, expiry, endpoint), version, timestamp, expiry.toEpochMilli()));
                });
            }
        }).build();
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

    private Response.ResponseBuilder ndjson(TableSnapshot snapshot, String format) {
        return Response.ok().type(NDJSON)
                .header(VERSION_HEADER, snapshot.version())
                .header(Capabilities.HEADER, "responseformat=" + format);
    }

    private SharedTable sharedTable() {
        return catalog.table(context.recipient(), share, schema, table);
    }

    private long resolveVersion(SharedTable shared, Long version, String timestamp) {
        if (version != null) {
            return version;
        }
        if (timestamp != null) {
            return readers.versionAsOf(shared, Timestamps.parse("timestamp", timestamp));
        }
        return readers.latestVersion(shared);
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
        if (r.startingVersion() != null || r.endingVersion() != null) {
            throw unsupported("startingVersion/endingVersion queries (table changes)");
        }
        if (r.maxFiles() != null || r.pageToken() != null) {
            throw unsupported("paginated queries (maxFiles/pageToken)");
        }
        if (r.refreshToken() != null) {
            throw unsupported("refresh tokens");
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
