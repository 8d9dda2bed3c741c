package io.lakeshare.ops.health;

import io.lakeshare.config.HealthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness part: the catalog database hands out a working connection in time. In place of the
 * datasource's stock check, so that a failure says since when, like every other part, and a stuck
 * pool cannot hold the probe past {@code lakeshare.health.database-timeout}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "database";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);

    private final DataSource dataSource;
    private final Duration timeout;
    private final FailureSince failures = new FailureSince();
    /** One probe at a time; a connection attempt the timeout gave up on ends here, not in a caller. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "database-readiness");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public DatabaseReadiness(DataSource dataSource, HealthConfig config) {
        this(dataSource, config.databaseTimeout());
    }

    DatabaseReadiness(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        Instant now = Instant.now();
        String problem = problem();
        if (problem == null) {
            failures.passed(NAME).ifPresent(since -> LOG.infof("The catalog database answers again (failing since %s)", since));
            return response.up().withData("database", "answers").build();
        }
        Instant since = failures.failed(NAME, now);
        if (since.equals(now)) {
            LOG.warnf("The catalog database does not answer: %s", problem);
        }
        return response.down().withData("reason", problem).withData("since", since.toString()).build();
    }

    /** Null when a valid connection came within the timeout; else why not. */
    private String problem() {
        CompletableFuture<Boolean> valid = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid((int) Math.max(1, timeout.toSeconds()));
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, prober);
        try {
            return valid.get(timeout.toMillis(), TimeUnit.MILLISECONDS) ? null : "a connection was handed out but is not valid";
        } catch (TimeoutException e) {
            return "no connection within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "no connection: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
