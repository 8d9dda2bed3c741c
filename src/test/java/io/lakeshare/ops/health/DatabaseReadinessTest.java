package io.lakeshare.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.catalog.CatalogDisk;
import io.lakeshare.catalog.CatalogHeartbeat;
import io.lakeshare.catalog.CatalogOutage;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database part of readiness, against a real (embedded) database that goes away and comes
 * back, or answers but refuses writes.
 */
class DatabaseReadinessTest {

    private static final String URL = "jdbc:h2:mem:readiness;DB_CLOSE_DELAY=-1";

    @BeforeAll
    static void catalogWithItsHeartbeatRow() throws Exception {
        String migration = new String(
                DatabaseReadinessTest.class
                        .getResourceAsStream("/db/migration/V4__catalog_heartbeat.sql")
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute(migration);
            s.execute("CREATE USER reader PASSWORD 'reader'");
            s.execute("GRANT SELECT ON catalog_heartbeat TO reader");
        }
    }

    private static DatabaseReadiness readiness(DataSource dataSource, Duration timeout) {
        return new DatabaseReadiness(
                new CatalogHeartbeat(dataSource, new CatalogDisk(Optional.empty()), new CatalogOutage(dataSource)),
                timeout);
    }

    /** A data source whose database can be taken away: then every connection attempt fails, or hangs. */
    private static DataSource switchable(AtomicReference<String> outage) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(URL);
        h2.setUser("sa");
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if ("refused".equals(outage.get())) {
                            throw new SQLException("Connection to db:5432 refused");
                        }
                        if ("hanging".equals(outage.get())) {
                            Thread.sleep(5_000);
                        }
                        return h2.getConnection();
                    }
                    return method.invoke(h2, args);
                });
    }

    @Test
    void downWithTheReasonAndSinceWhenThenUpAgainWithoutARestart() {
        AtomicReference<String> outage = new AtomicReference<>("none");
        DatabaseReadiness readiness = readiness(switchable(outage), Duration.ofSeconds(1));
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());

        outage.set("refused");
        HealthCheckResponse down = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        String reason = down.getData().orElseThrow().get("reason").toString();
        assertTrue(reason.contains("refused"), reason);
        Object since = down.getData().orElseThrow().get("since");
        assertEquals(
                since,
                readiness.call().getData().orElseThrow().get("since"),
                "since the first failure, not the latest");

        outage.set("none");
        HealthCheckResponse up = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
        assertTrue(up.getData().orElseThrow().get("since") == null);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsDownWithinTheTimeout() {
        AtomicReference<String> outage = new AtomicReference<>("hanging");
        DatabaseReadiness readiness = readiness(switchable(outage), Duration.ofMillis(500));
        long started = System.nanoTime();
        HealthCheckResponse down = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertTrue(down.getData().orElseThrow().get("reason").toString().contains("within 500 ms"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_000);
    }

    @Test
    void aDatabaseThatAnswersButCannotStoreAWriteIsDownUntilItCan() throws Exception {
        JdbcDataSource asReader = new JdbcDataSource();
        asReader.setURL("jdbc:h2:mem:readiness"); // kept open by DB_CLOSE_DELAY, which only an admin may set
        asReader.setUser("reader");
        asReader.setPassword("reader");
        DatabaseReadiness readiness = readiness(asReader, Duration.ofSeconds(2));
        try (Connection c = asReader.getConnection()) {
            assertTrue(c.isValid(1), "it answers");
        }
        HealthCheckResponse down = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        String reason = down.getData().orElseThrow().get("reason").toString();
        assertTrue(reason.startsWith("cannot store writes"), reason);

        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("GRANT UPDATE ON catalog_heartbeat TO reader");
        }
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
    }
}
