package io.lakeshare.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's own meters, next to the HTTP request timers Quarkus keeps per endpoint. Labels are
 * bounded: results and kinds, never tokens or table names.
 */
@ApplicationScoped
public class LakeshareMetrics implements io.lakeshare.tables.SnapshotCacheListener {

    private final Counter recipientAuthSuccess;
    private final Counter recipientAuthFailure;
    private final Counter adminAuthSuccess;
    private final Counter adminAuthFailure;
    private final Counter filesServed;
    private final Counter bytesStreamed;
    private final Counter snapshotHit;
    private final Counter snapshotMiss;
    private final Counter canceled;
    private final Counter aborted;
    private final Map<RateLimit, Counter> rateLimited = new EnumMap<>(RateLimit.class);
    private final Counter queryRefused;
    private final MeterRegistry registry;

    @Inject
    public LakeshareMetrics(MeterRegistry registry) {
        this.registry = registry;
        recipientAuthSuccess = auth(registry, Api.RECIPIENT, "success");
        recipientAuthFailure = auth(registry, Api.RECIPIENT, "failure");
        adminAuthSuccess = auth(registry, Api.ADMIN, "success");
        adminAuthFailure = auth(registry, Api.ADMIN, "failure");
        filesServed = Counter.builder("lakeshare.files.served")
                .description("File lines (data files with their URLs) sent to recipients")
                .register(registry);
        bytesStreamed = Counter.builder("lakeshare.file.bytes.streamed")
                .description("Bytes of data files streamed through the server's own file URLs")
                .baseUnit("bytes")
                .register(registry);
        snapshotHit = Counter.builder("lakeshare.snapshot.cache")
                .tag("result", "hit")
                .description("Table snapshots found in the cache")
                .register(registry);
        snapshotMiss = Counter.builder("lakeshare.snapshot.cache")
                .tag("result", "miss")
                .description("Table snapshots loaded from the log")
                .register(registry);
        canceled = Counter.builder("lakeshare.requests.canceled")
                .description("Requests whose client went away before the response was complete")
                .register(registry);
        aborted = Counter.builder("lakeshare.requests.aborted")
                .description(
                        "Requests this server cut before their response was complete: streams still running at the shutdown deadline")
                .register(registry);
        for (RateLimit limit : RateLimit.values()) {
            rateLimited.put(
                    limit,
                    Counter.builder("lakeshare.requests.rate.limited")
                            .tag("limit", limit.tag)
                            .description("Requests refused with 429 by a limit")
                            .register(registry));
        }
        queryRefused = Counter.builder("lakeshare.query.streams.refused")
                .description("Table queries that found no turn within lakeshare.query-streams.queue-timeout")
                .register(registry);
    }

    /** The limits that refuse requests with 429, by the tag their refusals are counted under. */
    public enum RateLimit {
        /** lakeshare.rate-limit.per-token */
        TOKEN("token"),
        /** lakeshare.rate-limit.global */
        GLOBAL("global"),
        /** lakeshare.rate-limit.unauthenticated-per-address */
        UNAUTHENTICATED_ADDRESS("unauthenticated-address"),
        /** lakeshare.rate-limit.unauthenticated */
        UNAUTHENTICATED("unauthenticated"),
        /** lakeshare.rate-limit.admin-failures-per-minute */
        ADMIN_FAILURES("admin-failures");

        private final String tag;

        RateLimit(String tag) {
            this.tag = tag;
        }
    }

    /** The APIs whose callers authenticate: recipients with their tokens, owners with the admin credential. */
    public enum Api {
        RECIPIENT,
        ADMIN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static Counter auth(MeterRegistry registry, Api api, String result) {
        // One description for the one meter name: Prometheus keeps a single HELP line per name.
        return Counter.builder("lakeshare.auth")
                .tag("api", api.label())
                .tag("result", result)
                .description(
                        "Requests by credential check: accepted (success), or refused for a missing, unknown, revoked"
                                + " or expired credential (failure); api is recipient (bearer tokens) or admin (the admin credential)")
                .register(registry);
    }

    /** Registers the gauge of seconds left on the public endpoint's TLS certificate (NaN before it is seen). */
    public void certificateExpiry(Supplier<Number> secondsLeft) {
        Gauge.builder("lakeshare.public.endpoint.certificate.expiry", secondsLeft)
                .baseUnit("seconds")
                .description(
                        "Seconds until the TLS certificate of the public endpoint expires, as readiness last saw it")
                .register(registry);
    }

    /** Registers the gauge of requests being served; called once by whoever counts them. */
    public void inFlight(Supplier<Number> count) {
        Gauge.builder("lakeshare.requests.in.flight", count)
                .description("Requests being served, streams included")
                .register(registry);
    }

    /** Registers the gauges of table queries streaming and of those waiting for their turn. */
    public void queryStreams(Supplier<Number> active, Supplier<Number> waiting) {
        Gauge.builder("lakeshare.query.streams.active", active)
                .description("Table queries being served (lakeshare.query-streams.max at most)")
                .register(registry);
        Gauge.builder("lakeshare.query.streams.waiting", waiting)
                .description("Table queries waiting for their turn")
                .register(registry);
    }

    /** A table query that found no turn within lakeshare.query-streams.queue-timeout and was told to retry. */
    public void queryRefused() {
        queryRefused.increment();
    }

    public void canceled() {
        canceled.increment();
    }

    public void aborted() {
        aborted.increment();
    }

    public void rateLimited(RateLimit limit) {
        rateLimited.get(limit).increment();
    }

    public void authenticated(Api api, boolean accepted) {
        switch (api) {
            case RECIPIENT -> (accepted ? recipientAuthSuccess : recipientAuthFailure).increment();
            case ADMIN -> (accepted ? adminAuthSuccess : adminAuthFailure).increment();
        }
    }

    public void filesServed(long files) {
        filesServed.increment(files);
    }

    public void bytesStreamed(long bytes) {
        bytesStreamed.increment(bytes);
    }

    @Override
    public void lookedUp(boolean hit) {
        (hit ? snapshotHit : snapshotMiss).increment();
    }
}
