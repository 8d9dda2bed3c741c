package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.RecipientCatalog;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.ops.audit.AuditTrail;
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

/**
 * The protocol's table endpoints: version, metadata, query (snapshot, {@code startingVersion},
 * asynchronous), changes. Each resolves the recipient's table and hands over to the service for
 * that kind of query.
 */
@Path("/_delta-sharing/v1/shares/{share}/schemas/{schema}/tables/{table}")
@RecipientApi
public class TableResource {

    @Inject
    RecipientContext context;

    @Inject
    RecipientCatalog catalog;

    @Inject
    TableReaders readers;

    @Inject
    TableVersions versions;

    @Inject
    SnapshotQueries snapshotQueries;

    @Inject
    ChangeQueries changeQueries;

    @Inject
    AsyncQueryService asyncQueries;

    @Inject
    ObjectMapper mapper;

    @Inject
    AuditTrail audit;

    @PathParam("share")
    String share;

    @PathParam("schema")
    String schema;

    @PathParam("table")
    String table;

    @GET
    @Path("/version")
    public Response version(@QueryParam("startingTimestamp") String startingTimestamp) {
        SharedTable shared = sharedTable("version");
        long version = startingTimestamp == null
                ? readers.latestVersion(shared)
                : TableVersions.inHistory(shared, readers.firstVersionAtOrAfter(shared, TableVersions.requireHistory(shared,
                        Timestamps.parse("startingTimestamp", startingTimestamp), "startingTimestamp")), "startingTimestamp");
        audit.current().version(version);
        return Response.ok().header(NdjsonLines.VERSION_HEADER, version).build();
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
        SharedTable shared = sharedTable("metadata");
        TableSnapshot snapshot = readers.snapshot(shared, versions.resolve(shared, TableVersions.parseVersion("version", version), timestamp));
        audit.current().version(snapshot.version());
        String format = ResponseFormats.choose(Capabilities.parse(capabilitiesHeader), snapshot, shared.name());
        SnapshotLines shape = new SnapshotLines(format);
        return NdjsonLines.response(snapshot.version(), format).entity((StreamingOutput) out -> {
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
        SnapshotQueries.validate(request);
        SharedTable shared = sharedTable("query");
        Capabilities capabilities = Capabilities.parse(capabilitiesHeader);
        if (request.startingVersion() != null) {
            return changeQueries.since(context.recipient(), shared, request, capabilities, fileIdHash);
        }
        if (capabilities.asyncQuery()) {
            return asyncQueries.start(context.recipient(), shared, request, capabilities);
        }
        return snapshotQueries.query(context.recipient(), shared, request, capabilities, capabilitiesHeader, fileIdHash, null);
    }

    /** Polls an asynchronous query: its status while it runs, then its result, paged by the poll. */
    @POST
    @Path("/queries/{queryId}")
    @Consumes({"application/json", "*/*"})
    public Response pollAsync(@PathParam("queryId") String queryId, QueryRequest poll,
                              @HeaderParam(Capabilities.HEADER) String capabilitiesHeader,
                              @HeaderParam(FileIds.HEADER) String fileIdHash) throws java.io.IOException {
        return asyncQueries.poll(context.recipient(), sharedTable("query-poll"), queryId, poll, capabilitiesHeader, fileIdHash);
    }

    /** The change data feed (PROTOCOL-NOTES §4). */
    @GET
    @Path("/changes")
    public Response changes(@QueryParam("startingVersion") String startingVersion,
                            @QueryParam("startingTimestamp") String startingTimestamp,
                            @QueryParam("endingVersion") String endingVersion,
                            @QueryParam("endingTimestamp") String endingTimestamp,
                            @QueryParam("includeHistoricalMetadata") String includeHistoricalMetadata,
                            @QueryParam("includeHistoricalProtocol") String includeHistoricalProtocol,
                            @QueryParam("maxFiles") String maxFiles, @QueryParam("pageToken") String pageToken,
                            @HeaderParam(Capabilities.HEADER) String capabilitiesHeader,
                            @HeaderParam(FileIds.HEADER) String fileIdHash) {
        return changeQueries.changes(context.recipient(), sharedTable("changes"), startingVersion, startingTimestamp, endingVersion,
                endingTimestamp, includeHistoricalMetadata, includeHistoricalProtocol, maxFiles, pageToken, capabilitiesHeader, fileIdHash);
    }

    private SharedTable sharedTable(String endpoint) {
        audit.current().recipient(context.recipient().tokenId(), share).table(schema, table, endpoint);
        return catalog.table(context.recipient(), share, schema, table);
    }

}
