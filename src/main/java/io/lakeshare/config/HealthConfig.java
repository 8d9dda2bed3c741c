package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What the readiness probe checks, and how patiently. */
@ConfigMapping(prefix = "lakeshare.health")
public interface HealthConfig {

    /** Time allowed for the database check to get a valid connection. */
    @WithDefault("PT3S")
    Duration databaseTimeout();

    /** Time allowed for the storage check's call to each configured store. */
    @WithDefault("PT3S")
    Duration storageTimeout();

    PublicEndpointCheck publicEndpoint();

    interface PublicEndpointCheck {
        /**
         * Whether readiness checks the public endpoint (DNS, TLS, an unauthenticated request). Pods
         * often cannot reach their own ingress: switch it off there. It never affects liveness.
         */
        @WithDefault("true")
        boolean enabled();

        /** Time allowed for the whole check: name lookup, TLS handshake and request. */
        @WithDefault("PT5S")
        Duration timeout();

        /** How long a result is reused; probes come every few seconds, the endpoint changes rarely. */
        @WithDefault("PT30S")
        Duration cacheTtl();

        /**
         * Certificates expiring sooner than this are reported (and logged) as a warning while the check
         * stays UP: taking every replica out of service days before expiry would cause the outage early.
         */
        @WithDefault("P14D")
        Duration certificateWarning();

        /** PEM file of CA certificates to trust besides the JVM's (a private CA in front of the server). */
        Optional<Path> trustedCertificates();
    }
}
