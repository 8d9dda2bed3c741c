package io.lakeshare.ops.health;

import io.lakeshare.config.HealthConfig;
import io.lakeshare.config.LakeshareConfig;
import io.lakeshare.ops.LakeshareMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness part: can recipients reach this server at the public endpoint frozen into their
 * profiles? Cached, so that frequent probes do not hammer the ingress; never part of liveness.
 */
@Readiness
@ApplicationScoped
public class PublicEndpointReadiness implements HealthCheck {

    static final String NAME = "public-endpoint";
    private static final Logger LOG = Logger.getLogger(PublicEndpointReadiness.class);

    private final HealthConfig.PublicEndpointCheck config;
    private final URI endpoint;
    private final Clock clock;
    private final FailureSince failures = new FailureSince();
    private PublicEndpointProbe probe;
    private volatile EndpointStatus last;
    private Instant lastAt = Instant.MIN;
    private Instant since;

    @Inject
    public PublicEndpointReadiness(HealthConfig health, LakeshareConfig lakeshare) {
        this(health.publicEndpoint(), lakeshare.publicEndpoint().orElse(null), Clock.systemUTC());
    }

    /** {@code endpoint} may be null (unset); the clock decides when a cached result is stale. */
    PublicEndpointReadiness(HealthConfig.PublicEndpointCheck config, URI endpoint, Clock clock) {
        this.config = config;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /**
     * Publishes the days left on the public endpoint's certificate as a gauge: readiness only warns
     * when they run low (going DOWN would pull every replica at once, an outage days early), so it
     * is the metric that alerting watches.
     */
    @Inject
    void publishCertificateExpiry(LakeshareMetrics metrics) {
        metrics.certificateExpiry(() -> {
            EndpointStatus seen = last;
            return seen == null || seen.certificateExpiry().isEmpty()
                    ? Double.NaN
                    : Duration.between(clock.instant(), seen.certificateExpiry().get())
                            .toSeconds();
        });
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!config.enabled()) {
            return response.up()
                    .withData("check", "disabled (lakeshare.health.public-endpoint.enabled=false)")
                    .build();
        }
        if (endpoint == null) {
            return response.up()
                    .withData("check", "skipped: lakeshare.public-endpoint is unset")
                    .build();
        }
        EndpointStatus status = current();
        response.status(status.up())
                .withData("endpoint", endpoint.toString())
                .withData("stage", status.stage())
                .withData(status.up() ? "result" : "reason", status.detail());
        status.certificateExpiry().ifPresent(expiry -> response.withData("certificateExpires", expiry.toString()));
        status.warning().ifPresent(warning -> response.withData("warning", warning));
        if (!status.up()) {
            response.withData("since", since.toString());
        }
        return response.build();
    }

    private synchronized EndpointStatus current() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(lastAt.plus(config.cacheTtl()))) {
            if (probe == null) {
                probe = new PublicEndpointProbe(
                        TrustedCertificates.context(config.trustedCertificates()),
                        config.timeout(),
                        config.certificateWarning(),
                        clock);
            }
            EndpointStatus status = probe.check(endpoint);
            if (last == null || last.up() != status.up() || !last.detail().equals(status.detail())) {
                if (status.up()) {
                    LOG.infof("Public endpoint %s: %s", endpoint, status.detail());
                } else {
                    LOG.warnf(
                            "Public endpoint %s is not reachable as recipients reach it (%s): %s",
                            endpoint, status.stage(), status.detail());
                }
                status.warning().ifPresent(LOG::warn);
            }
            if (status.up()) {
                failures.passed(NAME);
            } else {
                since = failures.failed(NAME, now);
            }
            last = status;
            lastAt = now;
        }
        return last;
    }
}
