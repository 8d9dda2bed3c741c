package io.lakeshare.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether the catalog database stores writes, found by storing one: the heartbeat row's time is
 * updated. A write is the only way to tell a database that answers from one that can take a change,
 * and the only way to see that one which could not can again. It begins and ends {@link
 * CatalogOutage}s. Like every write, it is not attempted when the {@link CatalogDisk} under an
 * embedded database cannot take it.
 */
@ApplicationScoped
public class CatalogHeartbeat {

    /** Attempts at a database that is closed or read-only: the first ones drop its connections, a later one reopens it. */
    private static final int ATTEMPTS = 3;

    private static final String BEAT = "UPDATE catalog_heartbeat SET beat_at = ? WHERE id = 1";

    private final DataSource dataSource;
    private final CatalogDisk disk;
    private final CatalogOutage outage;

    @Inject
    public CatalogHeartbeat(DataSource dataSource, CatalogDisk disk, CatalogOutage outage) {
        this.dataSource = dataSource;
        this.disk = disk;
        this.outage = outage;
    }

    /** Empty when a heartbeat was stored; else why not. One at a time. */
    public synchronized Optional<String> beat() {
        Optional<CatalogDisk.Problem> full = disk.problem();
        if (full.isPresent()) {
            outage.foreseen(full.get().reason());
            return Optional.of("cannot store writes: " + full.get().detail());
        }
        for (int attempt = 1; ; attempt++) {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                outage.began(CatalogFailures.reason(e).orElse(CatalogFailures.NO_CONNECTION), e);
                return Optional.of("no connection: " + e.getMessage());
            }
            try (connection;
                    PreparedStatement beat = connection.prepareStatement(BEAT)) {
                beat.setTimestamp(1, Timestamp.from(Instant.now()));
                if (beat.executeUpdate() != 1) {
                    throw new SQLException("the heartbeat row is missing from catalog_heartbeat");
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            } catch (SQLException e) {
                String reason = CatalogFailures.reason(e).orElse(CatalogFailures.WRITE_FAILED);
                outage.began(reason, e);
                if (attempt < ATTEMPTS
                        && (reason.equals(CatalogFailures.CLOSED) || reason.equals(CatalogFailures.READ_ONLY))) {
                    pause();
                    continue;
                }
                return Optional.of("cannot store writes: " + e.getMessage());
            }
            outage.over();
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200); // the pool drops the connections it held in the background
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
