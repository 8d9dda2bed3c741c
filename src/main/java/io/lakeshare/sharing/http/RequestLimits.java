package io.lakeshare.sharing.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.config.HttpConfig;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What the HTTP layer answers itself, in the protocol's error body: a URI that is not a URI (a
 * {@code %} not followed by two hex digits), a URI, header block or body over its limit
 * ({@code lakeshare.http.*}), and any failure of a handler below the resources. It runs before every
 * other route, so that nothing of the server reads a request it refuses.
 *
 * <p>Quarkus' own URI check answers an empty 400 before any route; it is switched off
 * ({@code vertx.disableURIValidation}, set by {@link ServerMain} and for the tests in the build) and
 * done here instead. The HTTP codec's limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size}) are set well above these, as a last resort against a flood.
 */
@ApplicationScoped
public class RequestLimits {

    private static final Logger LOG = Logger.getLogger(RequestLimits.class);
    /** Before the in-flight tracking and audit (-1000) and every Quarkus handler. */
    private static final int ROUTE_ORDER = -2000;

    private static final String ADMIN_PATH = "/api/admin/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    HttpConfig config;

    private BodyHandler recipientBodies;
    private BodyHandler adminBodies;

    void register(@Observes Router router) {
        recipientBodies = bodies(config.maxRecipientBodyBytes());
        adminBodies = bodies(config.maxAdminBodyBytes());
        router.route().order(ROUTE_ORDER).handler(this::check).failureHandler(this::failed);
    }

    private static BodyHandler bodies(int limit) {
        return BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > config.maxUriLength()) {
            refuse(
                    context,
                    414,
                    "The request URI has " + uri.length() + " characters; at most " + config.maxUriLength()
                            + " are accepted");
            return;
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            refuse(
                    context,
                    400,
                    "The request URI is malformed at index " + e.getIndex()
                            + ": percent-encode reserved and non-ASCII characters as %XX (two hex digits)");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > config.maxHeaderBytes()) {
            refuse(
                    context,
                    431,
                    "The request headers have " + headerBytes + " bytes; at most " + config.maxHeaderBytes()
                            + " are accepted");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (length == null && !chunked || request.method() == HttpMethod.HEAD) {
            context.next();
            return;
        }
        boolean admin = request.path() != null && request.path().startsWith(ADMIN_PATH);
        int limit = admin ? config.maxAdminBodyBytes() : config.maxRecipientBodyBytes();
        if (length != null && !chunked) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(context, 400, "The Content-Length header is not a number");
                return;
            }
            if (declared > limit) {
                refuseBody(context, limit, admin);
                return;
            }
        }
        if (!chunked || request.version() == HttpVersion.HTTP_2) {
            // Its length is known and within the limit. (An HTTP/2 body sent without one is held to
            // quarkus.http.limits.max-body-size as it is read: a body read here first would be
            // refused by the resources, which pause an HTTP/2 request that has ended.)
            context.next();
            return;
        }
        // Sent in chunks: read whole, up to the limit, before the resources, which read it from memory.
        (admin ? adminBodies : recipientBodies).handle(context);
    }

    /** Failures of the handlers below the resources (the body reader's 413 among them), in the protocol's shape. */
    private void failed(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode() : context.statusCode();
        if (status == 413) {
            boolean admin =
                    context.request().path() != null && context.request().path().startsWith(ADMIN_PATH);
            refuseBody(context, admin ? config.maxAdminBodyBytes() : config.maxRecipientBodyBytes(), admin);
        } else if (status >= 400 && status < 500) {
            refuse(context, status, "The request cannot be served (HTTP " + status + ")");
        } else {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(failure, "Unexpected failure, error id %s", errorId);
            send(
                    context,
                    500,
                    ErrorCode.INTERNAL_ERROR,
                    "Internal error; the server log has the details under error id " + errorId);
        }
    }

    private void refuseBody(RoutingContext context, int limit, boolean admin) {
        // The rest of the body is not read: the connection closes after the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        refuse(
                context,
                413,
                "The request body is larger than " + limit + " bytes, the most "
                        + (admin ? "the admin API" : "this API") + " accepts");
    }

    private static void refuse(RoutingContext context, int status, String message) {
        LOG.debugf("%s: %d %s", context.request().method(), status, message);
        send(context, status, ErrorCode.of(status, ErrorCode.MALFORMED_REQUEST), message);
    }

    private static void send(RoutingContext context, int status, ErrorCode code, String message) {
        HttpServerResponse response = context.response().setStatusCode(status);
        if (context.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        // Built from a tree, not the ErrorBody record: no reflection on this path (native image).
        String uri = context.request().uri();
        String body;
        if (uri != null && uri.startsWith(PublicEndpoint.ICEBERG_PATH + "/")) {
            // The Iceberg REST catalog's clients read Iceberg's error model.
            var tree = JSON.createObjectNode();
            tree.putObject("error")
                    .put("message", message)
                    .put("type", status >= 500 ? "ServiceFailureException" : "BadRequestException")
                    .put("code", status);
            body = tree.toString();
        } else {
            body = JSON.createObjectNode()
                    .put("errorCode", code.name())
                    .put("message", message)
                    .toString();
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
