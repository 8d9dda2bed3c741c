package io.lakeshare.sharing.http;

import io.lakeshare.config.QueryStreamsConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.StreamSlots;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Admits table queries up to {@code lakeshare.query-streams.max} at once. A query holds its slot from
 * before its snapshot is read until its response has ended or its connection closed, however it
 * ends; a query that finds no slot within {@code lakeshare.query-streams.queue-timeout} is told to come back
 * (503 with {@code Retry-After}, which the official clients retry).
 */
@ApplicationScoped
public class QueryAdmission {

    private static final String SLOT = QueryAdmission.class.getName() + ".slot";

    private final StreamSlots slots;
    private final LakeshareMetrics metrics;

    @Inject
    CurrentVertxRequest request;

    @Inject
    public QueryAdmission(QueryStreamsConfig config, LakeshareMetrics metrics) {
        this.slots = new StreamSlots(config.max(), config.queueTimeout());
        this.metrics = metrics;
        metrics.queryStreams(slots::active, slots::waiting);
    }

    /** Waits for a slot for the current request, given back when its response ends. */
    void admit() {
        StreamSlots.Slot slot = slots.take();
        if (slot == null) {
            metrics.queryRefused();
            long retryAfter = Math.max(1, slots.maxWait().toSeconds() / 4);
            throw LakeshareException.unavailable(
                    "The server is serving its limit of " + slots.size()
                            + " table queries at once (lakeshare.query-streams.max); retry after " + retryAfter + " s",
                    retryAfter);
        }
        RoutingContext routing = request.getCurrent();
        if (routing == null) {
            slot.release();
            return;
        }
        // Given back when the stream's writer is done, and in any case when the response ends or its
        // connection closes: whichever comes first, once.
        routing.put(SLOT, slot);
        routing.addEndHandler(ended -> slot.release());
    }

    /** The stream of the current request has been written, or has failed: its slot is free. */
    static void streamEnded(RoutingContext routing) {
        StreamSlots.Slot slot = routing == null ? null : routing.get(SLOT);
        if (slot != null) {
            slot.release();
        }
    }
}
