package io.lakeshare.sharing.http;

import io.lakeshare.catalog.RecipientAccessService;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.AsyncQueries;
import io.lakeshare.sharing.ChangeFeedQueries;
import io.lakeshare.sharing.ChangesRequest;
import io.lakeshare.sharing.CredentialModels.CredentialsRequest;
import io.lakeshare.sharing.CredentialModels.CredentialsResponse;
import io.lakeshare.sharing.QueryRequest;
import io.lakeshare.sharing.ResponseOptions;
import io.lakeshare.sharing.SnapshotQueries;
import io.lakeshare.sharing.StartingVersionQueries;
import io.lakeshare.sharing.TableCredentials;
import io.lakeshare.sharing.TableQueries;
import io.lakeshare.sharing.TableVersions;
import io.lakeshare.sharing.Timestamps;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The protocol's table endpoints: version, metadata, query (snapshot, {@code startingVersion},
 * asynchronous), changes, temporary credentials. Each turns the request's headers and parameters into typed values,
 * resolves the recipient's table, and hands over to the service for that kind of query.
 */
@Path("/_delta-sharing/v1/shares/{share}/schemas/{schema}/tables/{table}")
@RecipientApi
public class TableResource {

    @Inject
    RecipientContext context;

    @Inject
    RecipientAccessService access;

    @Inject
    TableQueries tableQueries;

    @Inject
    SnapshotQueries snapshotQueries;

    @Inject
    StartingVersionQueries startingVersionQueries;

    @Inject
    ChangeFeedQueries changeFeedQueries;

    @Inject
    AsyncQueries asyncQueries;

    @Inject
    NdjsonResponses responses;

    @Inject
    QueryAdmission admission;

    @Inject
    AuditTrail audit;

    @Inject
    TableCredentials credentials;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

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
        long version = tableQueries.version(
                shared, startingTimestamp == null ? null : Timestamps.parse("startingTimestamp", startingTimestamp));
        return Response.ok().header(NdjsonResponses.VERSION_HEADER, version).build();
    }

    /** The version call of connectors released before {@code GET .../version} existed. */
    @HEAD
    public Response versionLegacy(@QueryParam("startingTimestamp") String startingTimestamp) {
        return version(startingTimestamp);
    }

    @GET
    @Path("/metadata")
    public Response metadata(
            @QueryParam("version") String version,
            @QueryParam("timestamp") String timestamp,
            @HeaderParam(ResponseOptions.CAPABILITIES_HEADER) String capabilities) {
        if (version != null && timestamp != null) {
            throw LakeshareException.invalidParameter("Please only provide one of: version, timestamp");
        }
        SharedTable shared = sharedTable("metadata");
        return responses.of(tableQueries.metadata(
                context.recipient(),
                shared,
                TableVersions.parseVersion("version", version),
                timestamp,
                ResponseOptions.of(capabilities, null)));
    }

    @POST
    @Path("/query")
    @Consumes({"application/json", "*/*"})
    public Response query(
            QueryRequest body,
            @HeaderParam(ResponseOptions.CAPABILITIES_HEADER) String capabilities,
            @HeaderParam(ResponseOptions.FILE_ID_HASH_HEADER) String fileIdHash) {
        QueryRequest request = body == null ? QueryRequest.EMPTY : body;
        request.validate();
        SharedTable shared = sharedTable("query");
        admission.admit();
        ResponseOptions options = ResponseOptions.of(capabilities, fileIdHash);
        if (request.startingVersion() != null) {
            return responses.of(startingVersionQueries.since(context.recipient(), shared, request, options));
        }
        if (options.capabilities().asyncQuery()) {
            return responses.of(asyncQueries.start(context.recipient(), shared, request, options));
        }
        return responses.of(snapshotQueries.query(context.recipient(), shared, request, options, null));
    }

    /** Polls an asynchronous query: its status while it runs, then its result, paged by the poll. */
    @POST
    @Path("/queries/{queryId}")
    @Consumes({"application/json", "*/*"})
    public Response pollAsync(
            @PathParam("queryId") String queryId,
            QueryRequest poll,
            @HeaderParam(ResponseOptions.CAPABILITIES_HEADER) String capabilities,
            @HeaderParam(ResponseOptions.FILE_ID_HASH_HEADER) String fileIdHash) {
        SharedTable shared = sharedTable("query-poll");
        admission.admit();
        return responses.of(asyncQueries.poll(
                context.recipient(), shared, queryId, poll, ResponseOptions.of(capabilities, fileIdHash)));
    }

    /** The change data feed. */
    @GET
    @Path("/changes")
    public Response changes(
            @QueryParam("startingVersion") String startingVersion,
            @QueryParam("startingTimestamp") String startingTimestamp,
            @QueryParam("endingVersion") String endingVersion,
            @QueryParam("endingTimestamp") String endingTimestamp,
            @QueryParam("includeHistoricalMetadata") String includeHistoricalMetadata,
            @QueryParam("includeHistoricalProtocol") String includeHistoricalProtocol,
            @QueryParam("maxFiles") String maxFiles,
            @QueryParam("pageToken") String pageToken,
            @HeaderParam(ResponseOptions.CAPABILITIES_HEADER) String capabilities,
            @HeaderParam(ResponseOptions.FILE_ID_HASH_HEADER) String fileIdHash) {
        SharedTable shared = sharedTable("changes");
        ChangesRequest request = ChangesRequest.parse(
                startingVersion,
                startingTimestamp,
                endingVersion,
                endingTimestamp,
                includeHistoricalMetadata,
                includeHistoricalProtocol,
                maxFiles,
                pageToken);
        admission.admit();
        return responses.of(changeFeedQueries.changes(
                context.recipient(), shared, request, ResponseOptions.of(capabilities, fileIdHash)));
    }

    /**
     * Directory access: temporary credentials that read the table's root, for tables the owner
     * opened to it. The body ({@code {"location": ...}}) may be empty or left out, with or without a
     * content type (Spark sends none): it is read as text and parsed here.
     */
    @POST
    @Path("/temporary-table-credentials")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CredentialsResponse temporaryCredentials(String body) throws java.io.IOException {
        CredentialsRequest request = body == null || body.isBlank()
                ? CredentialsRequest.EMPTY
                : json.readValue(body, CredentialsRequest.class);
        if (request == null) {
            request = CredentialsRequest.EMPTY;
        }
        request.validate();
        return CredentialsResponse.of(
                credentials.vend(context.recipient(), share, schema, table, Optional.ofNullable(request.location())));
    }

    private SharedTable sharedTable(String endpoint) {
        audit.current()
                .recipient(context.recipient().tokenId(), context.recipient().recipientId(), share)
                .table(schema, table, endpoint);
        return access.table(context.recipient(), share, schema, table);
    }
}
