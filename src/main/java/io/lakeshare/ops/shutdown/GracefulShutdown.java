package io.lakeshare.ops.shutdown;

import io.netty.channel.ChannelOutboundBuffer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * SIGTERM without surprises for recipients. New requests are refused (503, so clients retry on
 * another replica) and readiness goes DOWN at once; in-flight NDJSON and file streams get the grace
 * period ({@code quarkus.shutdown.timeout}) to finish. Then every connection is closed through
 * Vert.x, which flushes what was written before closing: a finished response reaches its client
 * whole, and one still running is cut short, so its client sees a failed transfer rather than a
 * response that looks complete. (Left to the HTTP server's own close, buffered bytes of a finished
 * response to a slow client could be dropped.)
 */
@ApplicationScoped
@Readiness
public class GracefulShutdown implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    @Inject
    InFlightRequests requests;

    /** Quarkus' own setting: how long in-flight requests may run on after the signal. */
    @ConfigProperty(name = "quarkus.shutdown.timeout")
    Optional<Duration> gracePeriod = Optional.empty();

    private volatile Instant signalled;
    private Thread drainHook;

    synchronized void onStart(@Observes StartupEvent event) {
        // Quarkus reacts to SIGTERM in its own shutdown hook; this one, run alongside it, starts the
        // drain at the signal rather than after Quarkus' own wait for requests.
        if (drainHook == null) {
            drainHook = new Thread(this::beginDrain, "lakeshare-drain");
            Runtime.getRuntime().addShutdownHook(drainHook);
        }
    }

    /**
     * The hook is this application's: an application stopped while the JVM goes on (tests restart
     * it once per profile) takes its hook away, rather than leave one more behind, holding on to it.
     */
    private synchronized void removeDrainHook() {
        if (drainHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(drainHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // Stopped by the signal: the hooks are running now, this one with them.
            }
            drainHook = null;
        }
    }

    /** The registered hook, if any (for tests). */
    synchronized Thread drainHook() {
        return drainHook;
    }

    void beginDrain() {
        if (signalled == null) {
            signalled = Instant.now();
            requests.drain();
            LOG.infof(
                    "Shutting down: refusing new requests, %d in flight, grace period %s",
                    requests.count(), gracePeriod());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        removeDrainHook();
        beginDrain();
        Instant deadline = signalled.plus(gracePeriod());
        while (requests.count() > 0 && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        int unfinished = requests.count();
        List<HttpConnection> connections = requests.connections();
        // A finished response may still sit in the connection's buffers, waiting for a slow reader.
        while (connections.stream().anyMatch(c -> pendingBytes(c) > 0)
                && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        if (requests.count() > 0) {
            requests.abortRemaining();
        }
        List<Future<Void>> closing =
                connections.stream().map(HttpConnection::close).toList();
        Instant closeBy = Instant.now().plus(CLOSE_WAIT);
        // Until the cut requests are counted and audited too: that happens on the event loop a moment
        // after the close, and must happen before the application (its metrics, its audit log) stops.
        while ((closing.stream().anyMatch(f -> !f.isComplete()) || requests.count() > 0)
                && Instant.now().isBefore(closeBy)) {
            sleep(20);
        }
        if (unfinished > 0) {
            LOG.warnf(
                    "Grace period %s over: aborted %d unfinished request(s); their clients see a failed transfer",
                    gracePeriod(), unfinished);
        } else {
            LOG.infof("All requests finished; closed %d connection(s)", connections.size());
        }
    }

    /** Bytes written to the connection that have not reached the operating system yet. */
    private static long pendingBytes(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelOutboundBuffer buffer = base.channel().unsafe().outboundBuffer();
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return 0;
    }

    Duration gracePeriod() {
        return gracePeriod.orElse(Duration.ZERO);
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return signalled == null
                ? HealthCheckResponse.up("shutdown")
                : HealthCheckResponse.named("shutdown")
                        .down()
                        .withData("since", signalled.toString())
                        .build();
    }
}
