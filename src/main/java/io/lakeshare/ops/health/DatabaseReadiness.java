package io.lakeshare.ops.health;

import io.lakeshare.catalog.CatalogHeartbeat;
import io.lakeshare.config.HealthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness part: the catalog database stores a write in time (a heartbeat, {@link
 * CatalogHeartbeat}): a database that answers but cannot take a change (its disk full or
 * read-only) is DOWN too, and UP again as soon as a heartbeat is stored, without a restart. In
 * place of the datasource's stock check, so that a failure says since when, like every other part,
 * and a stuck pool cannot hold the probe past {@code lakeshare.health.database-timeout}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "database";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);

    private final CatalogHeartbeat heartbeat;
    private final Duration timeout;
    private final FailureSince failures = new FailureSince();
    /** One probe at a time; a connection attempt the timeout gave up on ends here, not in a caller. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "database-readiness");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public DatabaseReadiness(CatalogHeartbeat heartbeat, HealthConfig config) {
        this(heartbeat, config.databaseTimeout());
    }

    DatabaseReadiness(CatalogHeartbeat heartbeat, Duration timeout) {
        this.heartbeat = heartbeat;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        Instant now = Instant.now();
        String problem = problem();
        if (problem == null) {
            failures.passed(NAME)
                    .ifPresent(since ->
                            LOG.infof("Readiness: the catalog database passes again (failing since %s)", since));
            return response.up()
                    .withData("database", "answers and stores writes")
                    .build();
        }
        Instant since = failures.failed(NAME, now);
        if (since.equals(now)) {
            LOG.warnf("Readiness: the catalog database fails: %s", problem);
        }
        return response.down()
                .withData("reason", problem)
                .withData("since", since.toString())
                .build();
    }

    /** Null when a heartbeat was stored within the timeout; else why not. */
    private String problem() {
        CompletableFuture<Optional<String>> beat = CompletableFuture.supplyAsync(heartbeat::beat, prober);
        try {
            return beat.get(timeout.toMillis(), TimeUnit.MILLISECONDS).orElse(null);
        } catch (TimeoutException e) {
            return "no heartbeat stored within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "no heartbeat stored: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
