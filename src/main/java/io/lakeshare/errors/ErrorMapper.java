package io.lakeshare.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.lakeshare.storage.StorageException;
import io.lakeshare.tables.TableException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP responses. Callers get the protocol's JSON error body;
 * unexpected failures are logged under an error id and answered with that id only, never with a
 * stack trace.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    /** What a recipient is told to wait when storage fails: clients back off and retry. */
    private static final long STORAGE_RETRY_SECONDS = 5;

    /** The layers that know what their failures mean (the catalog: a refused value, a database that is down). */
    @Inject
    jakarta.enterprise.inject.Instance<FailureTranslator> translators;

    @Inject
    CurrentVertxRequest currentRequest;

    @ServerExceptionMapper
    public Response lakeshare(LakeshareException e, ContainerRequestContext request) {
        if (e.status() >= 500) {
            LOG.errorf(
                    "%s %s: %d %s: %s", request.getMethod(), path(request), e.status(), e.errorCode(), e.getMessage());
        } else if (e.status() == 429) {
            // Rate-limit refusals come in floods (a client that does not back off is refused at every
            // request): a line each would carry the flood into the log. The counter
            // lakeshare_requests_rate_limited_total{limit} says how many and which limit; DEBUG shows each.
            LOG.debugf(
                    "%s %s: %d %s: %s", request.getMethod(), path(request), e.status(), e.errorCode(), e.getMessage());
        } else {
            // Refused input is logged too: an owner looking into a recipient's complaint finds it here.
            LOG.infof(
                    "%s %s: %d %s: %s", request.getMethod(), path(request), e.status(), e.errorCode(), e.getMessage());
        }
        Response response = render(e.status(), e.errorCode(), e.getMessage(), request.getRequest());
        if (e.retryAfterSeconds() > 0) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    /** The token endpoint's refusals, in the body OAuth clients parse (RFC 6749 section 5.2). */
    @ServerExceptionMapper
    public Response oauth(OAuthError e, ContainerRequestContext request) {
        LOG.infof(
                "%s %s: %d %s: %s",
                request.getMethod(), path(request), e.code().status(), e.code().wire(), e.getMessage());
        Response.ResponseBuilder response = Response.status(e.code().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new OAuthErrorBody(e.code().wire(), e.getMessage()));
        if (e.basicChallenge()) {
            response.header("WWW-Authenticate", "Basic realm=\"lakeshare\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, ContainerRequestContext request) {
        // Jackson's own message names the Java types the body is read into: it goes to the log only.
        LOG.debugf("Unreadable request body: %s", e.getOriginalMessage());
        return lakeshare(JsonProblems.describe(e), request);
    }

    /**
     * A table that cannot be read as asked. Its message is for the recipient (it names the table,
     * never where it is kept); what lies behind it, for the server's log.
     */
    @ServerExceptionMapper
    public Response table(TableException e, ContainerRequestContext request) {
        if (e.getCause() != null) {
            LOG.infof(
                    "%s %s: %s; behind it: %s",
                    request.getMethod(), path(request), e.getMessage(), causes(e.getCause()));
        }
        return lakeshare(
                switch (e.kind()) {
                    case BAD_VERSION -> LakeshareException.invalidParameter(e.getMessage());
                    // Damaged is the provider's to repair: not a failure clients should retry for minutes (a 5xx).
                    case NOT_FOUND, DAMAGED -> LakeshareException.notFound(e.getMessage());
                    case UNSUPPORTED -> new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, e.getMessage());
                    case UNAVAILABLE -> LakeshareException.unavailable(e.getMessage(), STORAGE_RETRY_SECONDS);
                },
                request);
    }

    /**
     * A store that failed outside any table read (the server's own file URLs). Recipients are told
     * what it means for them; which bucket and key, for the server's log.
     */
    @ServerExceptionMapper
    public Response storage(StorageException e, ContainerRequestContext request) {
        LOG.infof("%s %s: storage: %s", request.getMethod(), path(request), causes(e));
        return lakeshare(
                switch (e.kind()) {
                    case MISSING ->
                        LakeshareException.notFound("The file does not exist (any more); query the table again");
                    case UNREACHABLE, REFUSED ->
                        LakeshareException.unavailable(
                                "The storage holding the file cannot be read right now;" + " try again later",
                                STORAGE_RETRY_SECONDS);
                },
                request);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getMessage());
        }
        return text.toString();
    }

    // Quarkus ships its own mappers for these two; ours keep the protocol's error shape.
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response badJsonSyntax(JsonParseException e, ContainerRequestContext request) {
        return badJson(e, request);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response badJsonShape(MismatchedInputException e, ContainerRequestContext request) {
        return badJson(e, request);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, Request request) {
        return render(404, ErrorCode.RESOURCE_DOES_NOT_EXIST, "No such endpoint", request);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, Request request) {
        return render(
                405, ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not allowed here", request);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, Request request) {
        return render(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json", request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        // The body reader wraps what Jackson could not read (bad syntax, a number out of range).
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json, request);
        }
        if (status >= 500) {
            return unexpected(e, request);
        }
        ErrorCode code = status == 406 ? ErrorCode.NOT_ACCEPTABLE : ErrorCode.MALFORMED_REQUEST;
        return render(status, code, e.getMessage(), request.getRequest());
    }

    /**
     * A table query whose answer failed after it began (logged and audited where it failed). While
     * nothing has reached the client yet, it gets the error the failure is; once lines went out
     * under a 200, only a cut transfer tells it the answer is incomplete (an error body now would be
     * read as one more line).
     */
    @ServerExceptionMapper
    public Response streamFailure(StreamFailure e, ContainerRequestContext request) {
        RoutingContext routing = currentRequest.getCurrent();
        if (routing == null || !routing.response().headWritten()) {
            Throwable cause = e.getCause();
            if (cause instanceof TableException t) {
                return table(t, request);
            }
            if (cause instanceof LakeshareException l) {
                return lakeshare(l, request);
            }
            return unexpected(cause == null ? e : cause, request);
        }
        // The transfer was cut where the answer was written (NdjsonResponses): nothing more goes out.
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        if (ClientGone.causedBy(e)) {
            // Nothing reaches the client any more: no response to render, no error id to give.
            LOG.infof("%s request: the client went away before the response was complete", request.getMethod());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        for (FailureTranslator translator : translators) {
            Optional<LakeshareException> known = translator.translate(e);
            if (known.isPresent()) {
                return lakeshare(known.get(), request);
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, error id %s", errorId);
        return render(
                500,
                ErrorCode.INTERNAL_ERROR,
                "Internal error; the server log has the details under error id " + errorId,
                request.getRequest());
    }

    private static String path(ContainerRequestContext request) {
        // The path only: query strings may carry page tokens.
        return request.getUriInfo().getPath();
    }

    private static Response render(int status, ErrorCode code, String message, Request request) {
        Response.ResponseBuilder response = Response.status(status);
        // HEAD responses carry no body (the legacy table-version call is a HEAD).
        if (!HttpMethod.HEAD.equals(request.getMethod())) {
            response.type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code.name(), message));
        }
        return response.build();
    }
}
