package io.lakeshare.ops.shutdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditLog;
import io.lakeshare.ops.audit.AuditLog.Ending;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Every request on the recipients' port, from arrival until its response is written or its client
 * goes away: the in-flight gauge, the canceled and aborted counters, and what a graceful shutdown
 * waits for.
 * It works on the HTTP layer because NDJSON and file streams outlive their resource methods.
 */
@ApplicationScoped
public class InFlightRequests {

    /** Before Quarkus' own handlers: a request refused during shutdown never reaches them. */
    private static final int ROUTE_ORDER = -1000;

    private final Set<RoutingContext> inFlight = ConcurrentHashMap.newKeySet();
    /** Connections that served a request: closed with a flush at shutdown rather than cut. */
    private final Set<HttpConnection> connections =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final String refusal;
    private volatile boolean draining;
    private volatile boolean aborting;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    AuditLog audit;

    public InFlightRequests() {
        // Built from a tree, not the ErrorBody record: no reflection on this path (native image).
        refusal = new ObjectMapper()
                .createObjectNode()
                .put("errorCode", ErrorCode.TEMPORARILY_UNAVAILABLE.name())
                .put("message", "The server is shutting down; retry, another replica will answer")
                .toString();
    }

    void register(@Observes Router router) {
        metrics.inFlight(inFlight::size);
        router.route().order(ROUTE_ORDER).handler(this::track);
    }

    private void track(RoutingContext request) {
        if (draining) {
            HttpServerResponse response = request.response();
            response.setStatusCode(ErrorCode.TEMPORARILY_UNAVAILABLE.status())
                    .putHeader("Retry-After", "1")
                    .putHeader("Connection", "close")
                    .putHeader("Content-Type", "application/json")
                    .end(refusal);
            return;
        }
        long started = System.nanoTime();
        audit.begin(request);
        inFlight.add(request);
        HttpConnection connection = request.request().connection();
        if (connection != null) {
            connections.add(connection);
        }
        AtomicBoolean over = new AtomicBoolean();
        Consumer<Boolean> end = completed -> {
            if (over.compareAndSet(false, true)) {
                inFlight.remove(request);
                // Unfinished: its client went away, or, past the shutdown deadline, this server cut it.
                Ending ending = completed ? Ending.COMPLETED : aborting ? Ending.ABORTED : Ending.CANCELED;
                if (ending == Ending.CANCELED && !audit.failed(request)) {
                    // A stream this server cut because it failed is no client's cancel.
                    metrics.canceled();
                } else if (ending == Ending.ABORTED) {
                    metrics.aborted();
                }
                audit.end(request, ending, started);
            }
        };
        // The routing context hears of a closed connection through the response's close and exception
        // handlers, which a streamed body's output stream takes over: a stream whose client went away
        // could stay "in flight" for good. The channel's own close is heard by any number of listeners.
        Channel channel = connection instanceof ConnectionBase base ? base.channel() : null;
        GenericFutureListener<Future<? super Void>> closed =
                f -> end.accept(request.response().ended());
        if (channel != null) {
            channel.closeFuture().addListener(closed);
        }
        request.addEndHandler(result -> {
            if (channel != null) {
                channel.closeFuture().removeListener(closed); // the connection may serve many more requests
            }
            // A response that never ended, or whose connection failed first, is unfinished, whoever closed it.
            end.accept(result.succeeded() && request.response().ended());
        });
        request.next();
    }

    /** From now on new requests are refused with 503, so that clients retry on another replica. */
    void drain() {
        draining = true;
    }

    /**
     * The grace period is over: every request still running is about to be cut by this server, and
     * counts as aborted rather than canceled (which says its client went away).
     */
    void abortRemaining() {
        aborting = true;
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
