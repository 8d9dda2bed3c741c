package io.lakeshare.sharing;

import io.lakeshare.catalog.AsyncQueryService;
import io.lakeshare.config.TablesConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs asynchronous queries on a bounded pool, so that a burst of them cannot exhaust the server,
 * and holds the lease of each query it has taken (queued or running), renewing it while it runs:
 * a replica that dies mid-query stops renewing, and another replica polling the query takes it
 * over once the lease lapses. One that shuts down gives its leases up at once.
 */
@ApplicationScoped
public class AsyncQueryRunner {

    /** How long a lease lasts without renewal: the longest a query waits for its replica to be known gone. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(AsyncQueryRunner.class);

    private final ExecutorService executor;
    private final ScheduledExecutorService renewer;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @Inject
    AsyncQueryService queries;

    @Inject
    AsyncQueryRunner(TablesConfig config) {
        int threads = config.asyncQueryThreads();
        this.executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100), runnable -> {
                    Thread t = new Thread(runnable, "async-query");
                    t.setDaemon(true);
                    return t;
                });
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "async-query-leases");
            t.setDaemon(true);
            return t;
        });
        long every = LEASE.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs the work of query {@code id}, or returns false when too many queries are waiting already. */
    boolean submit(UUID id, Runnable work) {
        held.add(id);
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    held.remove(id);
                }
            });
            return true;
        } catch (RejectedExecutionException busy) {
            held.remove(id);
            return false;
        }
    }

    /** Whether the server is shutting down: a query cut short then is left for another replica. */
    boolean stopping() {
        return stopping;
    }

    private void renew() {
        try {
            queries.renew(Set.copyOf(held), LEASE);
        } catch (RuntimeException e) {
            // The catalog cannot take the write now; the next renewal tries again well within the lease.
            LOG.debugf("Leases of %d asynchronous queries not renewed: %s", held.size(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        renewer.shutdownNow();
        executor.shutdownNow();
        try {
            queries.release(Set.copyOf(held));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "%d unfinished asynchronous queries keep their leases until they lapse (%s): %s",
                    held.size(), LEASE, e.toString());
        }
    }
}
