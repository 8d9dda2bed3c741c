package io.lakeshare.catalog;

import io.agroal.api.AgroalDataSource;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The catalog database's outage as this server sees it: since when and why it cannot store writes.
 * It begins with a request that failed for the database's sake ({@link CatalogFailures}) or with a
 * heartbeat that could not be stored, and ends only with a heartbeat that was ({@link
 * CatalogHeartbeat}): while it lasts, writes are refused before they reach the database and
 * readiness is DOWN.
 */
@ApplicationScoped
public class CatalogOutage {

    /** Seconds a refused caller is asked to wait: an outage of the disk is not over in one. */
    static final long RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(CatalogOutage.class);

    public record Ongoing(Instant since, String reason) {}

    private final DataSource dataSource;
    private final AtomicReference<Ongoing> ongoing = new AtomicReference<>();

    @Inject
    public CatalogOutage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Ongoing> ongoing() {
        return Optional.ofNullable(ongoing.get());
    }

    /**
     * Records {@code failure} when it is the catalog database's (not the request's own); returns
     * why the database failed, if it did.
     */
    public Optional<String> report(Throwable failure) {
        Optional<String> reason = CatalogFailures.reason(failure);
        reason.ifPresent(r -> began(r, failure));
        return reason;
    }

    /** The catalog's disk cannot take a write, for {@code reason}, seen before any was attempted. */
    void foreseen(String reason) {
        if (ongoing.compareAndSet(null, new Ongoing(Instant.now(), reason))) {
            LOG.warnf(
                    "The catalog database cannot store writes: %s. Until it can (readiness shows it),"
                            + " writes are refused with 503 and recipients keep reading",
                    reason);
        }
    }

    /**
     * The catalog database failed a request or a heartbeat: it cannot store writes, for {@code
     * reason} (a phrase any caller may see).
     */
    void began(String reason, Throwable cause) {
        Ongoing now = new Ongoing(Instant.now(), reason);
        if (ongoing.compareAndSet(null, now)) {
            LOG.warnf(
                    cause,
                    "The catalog database cannot store writes: %s. Until it can (readiness shows it),"
                            + " writes are refused with 503 and recipients keep reading",
                    reason);
        }
        // H2 closes its database after a write it could not store, and keeps a database it opened
        // read-only so while any connection to it is open: the pooled connections are dropped (those
        // in use once they are returned), so that the next ones open the database afresh.
        if (dataSource instanceof AgroalDataSource pool) {
            pool.flush(AgroalDataSource.FlushMode.GRACEFUL);
        }
    }

    /** A heartbeat was stored: the outage, if there was one, is over. */
    void over() {
        Ongoing ended = ongoing.getAndSet(null);
        if (ended != null) {
            LOG.infof("The catalog database stores writes again (failing since %s: %s)", ended.since(), ended.reason());
        }
    }

    /** What a request the outage refuses, or one that failed with the database, is answered. */
    public static LakeshareException unavailable(String reason) {
        return LakeshareException.unavailable(
                "The catalog database cannot take this request now: " + reason
                        + ". Nothing was stored; try again later.",
                RETRY_AFTER_SECONDS);
    }
}
