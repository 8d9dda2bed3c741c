package io.lakeshare.ops.shutdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditLog;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every request on the recipients' port, from arrival until its response is written or its client
 * goes away: the in-flight gauge, the canceled counter, and what a graceful shutdown waits for.
 * It works on the HTTP layer because NDJSON and file streams outlive their resource methods.
 */
@ApplicationScoped
public class InFlightRequests {

    /** Before Quarkus' own handlers: a request refused during shutdown never reaches them. */
    private static final int ROUTE_ORDER = -1000;

    private final Set<RoutingContext> inFlight = ConcurrentHashMap.newKeySet();
    /** Connections that served a request: closed with a flush at shutdown rather than cut. */
    private final Set<HttpConnection> connections = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final String refusal;
    private volatile boolean draining;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    AuditLog audit;

    public InFlightRequests() {
        // Built from a tree, not the ErrorBody record: no reflection on this path (native image).
        refusal = new ObjectMapper().createObjectNode()
                .put("errorCode", ErrorCode.TEMPORARILY_UNAVAILABLE.name())
                .put("message", "The server is shutting down; retry, another replica will answer").toString();
    }

    void register(@Observes Router router) {
        metrics.inFlight(inFlight::size);
        router.route().order(ROUTE_ORDER).handler(this::track);
    }

    private void track(RoutingContext request) {
        if (draining) {
            HttpServerResponse response = request.response();
            response.setStatusCode(ErrorCode.TEMPORARILY_UNAVAILABLE.status())
                    .putHeader("Retry-After", "1").putHeader("Connection", "close")
                    .putHeader("Content-Type", "application/json").end(refusal);
            return;
        }
        long started = System.nanoTime();
        audit.begin(request);
        inFlight.add(request);
        if (request.request().connection() != null) {
            connections.add(request.request().connection());
        }
        request.addEndHandler(result -> {
            inFlight.remove(request);
            // A response that never ended, or whose connection failed first, was canceled, whoever closed it.
            boolean completed = result.succeeded() && request.response().ended();
            if (!completed) {
                metrics.canceled();
            }
            audit.end(request, completed, started);
        });
        request.next();
    }

    /** From now on new requests are refused with 503, so that clients retry on another replica. */
    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    int count() {
        return inFlight.size();
    }

    /** The connections of requests still running, and of finished ones kept alive by their clients. */
    List<HttpConnection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

}
