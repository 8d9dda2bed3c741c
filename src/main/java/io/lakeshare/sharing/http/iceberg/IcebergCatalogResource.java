package io.lakeshare.sharing.http.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.Share;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.ListingModels.Page;
import io.lakeshare.sharing.http.RecipientApi;
import io.lakeshare.sharing.http.RecipientContext;
import io.lakeshare.sharing.iceberg.IcebergCatalogService;
import io.lakeshare.sharing.iceberg.IcebergError;
import io.lakeshare.storage.StorageException;
import io.lakeshare.tables.TableException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Iceberg REST catalog (read-only) under {@code <public endpoint>/iceberg}: {@code GET /v1/config},
 * namespaces, tables, table loads, credentials and S3 remote signing, with the same bearer tokens and
 * the same access as the Delta Sharing API. Every write is a 403; every error, including those of
 * authentication, is in Iceberg's error model ({@code {"error": {"message", "type", "code"}}}), by the
 * exception mappers of this class, which apply to it alone.
 */
@Path(IcebergCatalogService.PATH)
@RecipientApi
@Produces(MediaType.APPLICATION_JSON)
public class IcebergCatalogResource {

    private static final Logger LOG = Logger.getLogger(IcebergCatalogResource.class);

    /** The endpoints this catalog serves, as {@code GET /v1/config} lists them: reads only. */
    static final List<String> ENDPOINTS = List.of(
            "GET /v1/{prefix}/namespaces",
            "GET /v1/{prefix}/namespaces/{namespace}",
            "HEAD /v1/{prefix}/namespaces/{namespace}",
            "GET /v1/{prefix}/namespaces/{namespace}/tables",
            "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
            "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
            "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials");

    @Inject
    RecipientContext context;

    @Inject
    IcebergCatalogService catalog;

    @Inject
    ObjectMapper json;

    @Inject
    AuditTrail audit;

    @GET
    @Path("/v1/config")
    public ObjectNode config(@QueryParam("warehouse") String warehouse) {
        Share share = catalog.warehouse(bearer(), warehouse);
        ObjectNode body = json.createObjectNode();
        body.putObject("defaults");
        body.putObject("overrides").put("prefix", share.name());
        ArrayNode endpoints = body.putArray("endpoints");
        ENDPOINTS.forEach(endpoints::add);
        return body;
    }

    @GET
    @Path("/v1/{prefix}/namespaces")
    public ObjectNode listNamespaces(
            @PathParam("prefix") String prefix,
            @QueryParam("parent") String parent,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        Page<String> page = catalog.namespaces(bearer(), prefix, parent, pageSize, pageToken);
        ObjectNode body = json.createObjectNode();
        ArrayNode namespaces = body.putArray("namespaces");
        page.items().forEach(name -> namespaces.addArray().add(name));
        body.put("next-page-token", page.nextPageToken());
        return body;
    }

    @GET
    @Path("/v1/{prefix}/namespaces/{namespace}")
    public ObjectNode loadNamespace(@PathParam("prefix") String prefix, @PathParam("namespace") String namespace) {
        String name = catalog.namespace(bearer(), prefix, namespace);
        ObjectNode body = json.createObjectNode();
        body.putArray("namespace").add(name);
        body.putObject("properties");
        return body;
    }

    @HEAD
    @Path("/v1/{prefix}/namespaces/{namespace}")
    public Response namespaceExists(@PathParam("prefix") String prefix, @PathParam("namespace") String namespace) {
        catalog.namespace(bearer(), prefix, namespace);
        return Response.noContent().build();
    }

    @GET
    @Path("/v1/{prefix}/namespaces/{namespace}/tables")
    public ObjectNode listTables(
            @PathParam("prefix") String prefix,
            @PathParam("namespace") String namespace,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        Page<SharedTable> page = catalog.tables(bearer(), prefix, namespace, pageSize, pageToken);
        ObjectNode body = json.createObjectNode();
        ArrayNode identifiers = body.putArray("identifiers");
        for (SharedTable t : page.items()) {
            ObjectNode id = identifiers.addObject();
            id.putArray("namespace").add(t.schema());
            id.put("name", t.name());
        }
        body.put("next-page-token", page.nextPageToken());
        return body;
    }

    @GET
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}")
    public ObjectNode loadTable(
            @PathParam("prefix") String prefix,
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("snapshots") String snapshots,
            @HeaderParam(ACCESS_DELEGATION) String delegation) {
        if (snapshots != null && !snapshots.equals("all") && !snapshots.equals("refs")) {
            throw IcebergError.badRequest("Parameter 'snapshots' must be 'all' or 'refs'");
        }
        audited(prefix, namespace, table, "iceberg-load");
        IcebergCatalogService.LoadResult loaded =
                catalog.load(bearer(), prefix, namespace, table, vendedCredentials(delegation));
        ObjectNode body = json.createObjectNode();
        body.put("metadata-location", loaded.metadataLocation());
        body.set("metadata", parse(loaded.metadataJson()));
        ObjectNode config = body.putObject("config");
        loaded.config().forEach(config::put);
        return body;
    }

    @HEAD
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}")
    public Response tableExists(
            @PathParam("prefix") String prefix,
            @PathParam("namespace") String namespace,
            @PathParam("table") String table) {
        catalog.table(bearer(), prefix, namespace, table);
        return Response.noContent().build();
    }

    /**
     * The table's storage access, for the prefix of its location: vended keys where the table can have
     * them (this endpoint exists to hand them out, so they are given without the delegation header),
     * else the remote-signing configuration.
     */
    @GET
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials")
    public ObjectNode loadCredentials(
            @PathParam("prefix") String prefix,
            @PathParam("namespace") String namespace,
            @PathParam("table") String table) {
        audited(prefix, namespace, table, "iceberg-credentials");
        IcebergCatalogService.LoadResult loaded = catalog.load(bearer(), prefix, namespace, table, true);
        ObjectNode body = json.createObjectNode();
        ArrayNode credentials = body.putArray("storage-credentials");
        // Clients pick a credential by the longest prefix of the file they read: the same keys are
        // listed for every place they read (a Delta table's generated metadata lies outside its root).
        List<String> prefixes =
                loaded.credentialPrefixes().isEmpty() ? List.of(loaded.tableLocation()) : loaded.credentialPrefixes();
        for (String storagePrefix : prefixes) {
            ObjectNode credential = credentials.addObject();
            credential.put("prefix", storagePrefix);
            ObjectNode config = credential.putObject("config");
            loaded.config().forEach(config::put);
        }
        return body;
    }

    /** The header with which Iceberg clients ask for a way to their files ({@code vended-credentials}, {@code remote-signing}). */
    static final String ACCESS_DELEGATION = "X-Iceberg-Access-Delegation";

    /** Whether the client listed {@code vended-credentials} among the access mechanisms it takes. */
    static boolean vendedCredentials(String delegation) {
        if (delegation == null) {
            return false;
        }
        for (String mechanism : delegation.split(",")) {
            if (mechanism.strip().equalsIgnoreCase("vended-credentials")) {
                return true;
            }
        }
        return false;
    }

    /**
     * S3 remote signing ({@code {region, uri, method, headers}} in, {@code {uri, headers}} out): reads
     * of the table's own files only.
     */
    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}/sign")
    @Consumes({"application/json", "*/*"})
    public ObjectNode sign(
            @PathParam("prefix") String prefix,
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            String body) {
        JsonNode request = parse(body == null || body.isBlank() ? "null" : body);
        if (!(request instanceof ObjectNode)) {
            throw IcebergError.badRequest("The sign request must be a JSON object {region, uri, method, headers}");
        }
        String method = text(request, "method");
        String uri = text(request, "uri");
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = request.get("headers");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw IcebergError.badRequest("Field 'headers' must be an object of header names to lists of values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                JsonNode values = header.getValue();
                if (!values.isArray()) {
                    throw IcebergError.badRequest(
                            "Header '" + IcebergError.printable(header.getKey()) + "' must be a list of values");
                }
                StringBuilder joined = new StringBuilder();
                for (JsonNode v : values) {
                    if (!v.isTextual()) {
                        throw IcebergError.badRequest(
                                "Header '" + IcebergError.printable(header.getKey()) + "' must be a list of strings");
                    }
                    joined.append(joined.length() == 0 ? "" : ",").append(v.asText());
                }
                headers.put(header.getKey(), joined.toString());
            }
        }
        Map<String, String> signed = catalog.sign(bearer(), prefix, namespace, table, method, uri, headers);
        ObjectNode answer = json.createObjectNode();
        answer.put("uri", uri);
        ObjectNode out = answer.putObject("headers");
        signed.forEach((name, value) -> out.putArray(name).add(value));
        return answer;
    }

    // --- Writes: refused, every one --------------------------------------------------------------

    @POST
    @Path("/v1/{prefix}/namespaces")
    public Response createNamespace() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}")
    public Response postNamespace() {
        throw IcebergError.readOnly();
    }

    @DELETE
    @Path("/v1/{prefix}/namespaces/{namespace}")
    public Response dropNamespace() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}/properties")
    public Response updateNamespace() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}/tables")
    public Response createTable() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}/register")
    public Response registerTable() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}")
    public Response commitTable() {
        throw IcebergError.readOnly();
    }

    @DELETE
    @Path("/v1/{prefix}/namespaces/{namespace}/tables/{table}")
    public Response dropTable() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/tables/rename")
    public Response renameTable() {
        throw IcebergError.readOnly();
    }

    @POST
    @Path("/v1/{prefix}/transactions/commit")
    public Response commitTransaction() {
        throw IcebergError.readOnly();
    }

    // --- Anything else under the catalog: Iceberg-shaped too ---------------------------------------

    @GET
    @Path("/{any: .*}")
    public Response unknownRead() {
        throw new IcebergError(404, "NotFoundException", "No such endpoint in this Iceberg REST catalog");
    }

    @HEAD
    @Path("/{any: .*}")
    public Response unknownHead() {
        throw new IcebergError(404, "NotFoundException", "No such endpoint in this Iceberg REST catalog");
    }

    @POST
    @Path("/{any: .*}")
    public Response unknownPost() {
        throw IcebergError.readOnly();
    }

    @PUT
    @Path("/{any: .*}")
    public Response unknownPut() {
        throw IcebergError.readOnly();
    }

    @DELETE
    @Path("/{any: .*}")
    public Response unknownDelete() {
        throw IcebergError.readOnly();
    }

    @PATCH
    @Path("/{any: .*}")
    public Response unknownPatch() {
        throw IcebergError.readOnly();
    }

    // --- Errors, in Iceberg's model, for this resource only ----------------------------------------

    @ServerExceptionMapper
    public Response iceberg(IcebergError e, ContainerRequestContext request) {
        LOG.infof("%s %s: %d %s: %s", request.getMethod(), path(request), e.status(), e.type(), e.getMessage());
        return render(e.status(), e.type(), e.getMessage(), request, 0);
    }

    @ServerExceptionMapper
    public Response lakeshare(LakeshareException e, ContainerRequestContext request) {
        String type = switch (e.status()) {
            case 400 -> "BadRequestException";
            case 401 -> "NotAuthorizedException";
            case 403 -> "ForbiddenException";
            case 404 -> "NotFoundException";
            case 429 -> "TooManyRequestsException";
            case 503 -> "ServiceUnavailableException";
            default -> e.status() >= 500 ? "ServiceFailureException" : "RESTException";
        };
        LOG.infof("%s %s: %d %s: %s", request.getMethod(), path(request), e.status(), type, e.getMessage());
        return render(e.status(), type, e.getMessage(), request, e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response table(TableException e, ContainerRequestContext request) {
        LOG.infof(
                "%s %s: %s; behind it: %s",
                request.getMethod(),
                path(request),
                e.getMessage(),
                e.getCause() == null ? "-" : e.getCause().getMessage());
        return switch (e.kind()) {
            case NOT_FOUND, DAMAGED -> render(404, "NoSuchTableException", e.getMessage(), request, 0);
            case BAD_VERSION, UNSUPPORTED -> render(400, "BadRequestException", e.getMessage(), request, 0);
            case UNAVAILABLE -> render(503, "ServiceUnavailableException", e.getMessage(), request, 5);
        };
    }

    @ServerExceptionMapper
    public Response storage(StorageException e, ContainerRequestContext request) {
        LOG.infof("%s %s: storage: %s", request.getMethod(), path(request), e.getMessage());
        return e.kind() == StorageException.Kind.MISSING
                ? render(404, "NoSuchTableException", "The table's files are missing (any more)", request, 0)
                : render(
                        503,
                        "ServiceUnavailableException",
                        "The storage holding the table cannot be read right now; try again later",
                        request,
                        5);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return render(status, status == 405 ? "ForbiddenException" : "BadRequestException", e.getMessage(), request, 0);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure in the Iceberg REST catalog, error id %s", errorId);
        return render(
                500,
                "ServiceFailureException",
                "Internal error; the server log has the details under error id " + errorId,
                request,
                0);
    }

    private Response render(int status, String type, String message, ContainerRequestContext request, long retry) {
        Response.ResponseBuilder response = Response.status(status);
        if (retry > 0) {
            response.header("Retry-After", String.valueOf(retry));
        }
        if (!"HEAD".equals(request.getMethod())) {
            ObjectNode body = json.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", type);
            error.put("code", status);
            response.type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        }
        return response.build();
    }

    private static String path(ContainerRequestContext request) {
        return request.getUriInfo().getPath();
    }

    private Bearer bearer() {
        return context.recipient();
    }

    private void audited(String prefix, String namespace, String table, String endpoint) {
        audit.current()
                .recipient(bearer().tokenId(), bearer().recipientId(), prefix)
                .table(namespace, table, endpoint);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw IcebergError.badRequest(
                    at == null
                            ? "The request body is not JSON this catalog reads (too deeply nested or too large)"
                            : "The request body is not JSON (line " + at.getLineNr() + ", column " + at.getColumnNr()
                                    + ")");
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual()) {
            throw IcebergError.badRequest("Field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
