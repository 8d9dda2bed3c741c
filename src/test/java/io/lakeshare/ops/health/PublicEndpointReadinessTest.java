package io.lakeshare.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.lakeshare.config.HealthConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How often readiness looks at the public endpoint: once per cache TTL however often it is probed,
 * and never when switched off. Against a real HTTP server that counts what reaches it.
 */
class PublicEndpointReadinessTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private HttpServer server;
    private URI endpoint;
    private final AtomicInteger requests = new AtomicInteger();
    /** What the sharing path answers without a token: 401 is a Delta Sharing server, 200 is something else. */
    private volatile int sharesStatus = 401;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(sharesStatus, -1);
            exchange.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A clock that the test moves on, so that the TTL passes without waiting for it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static HealthConfig.PublicEndpointCheck check(boolean enabled) {
        return new HealthConfig.PublicEndpointCheck() {
            public boolean enabled() {
                return enabled;
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public Duration cacheTtl() {
                return TTL;
            }

            public Duration certificateWarning() {
                return Duration.ofDays(14);
            }

            public Optional<Path> trustedCertificates() {
                return Optional.empty();
            }
        };
    }

    @Test
    void aResultIsReusedUntilItsTtlHasPassed() {
        PublicEndpointReadiness readiness = new PublicEndpointReadiness(check(true), endpoint, clock);
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
        assertEquals(1, requests.get());

        sharesStatus = 200; // something else answers the sharing path from now on
        clock.advance(TTL.minusSeconds(1));
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus(), "the cached result");
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus(), "the cached result");
        assertEquals(1, requests.get(), "probes within the TTL do not reach the endpoint");

        clock.advance(Duration.ofSeconds(2));
        HealthCheckResponse stale = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, stale.getStatus(), "looked again once the TTL had passed");
        assertEquals(2, requests.get());
        assertEquals("http", stale.getData().orElseThrow().get("stage"));
    }

    @Test
    void aDisabledCheckLooksNowhereAndSaysSo() {
        PublicEndpointReadiness readiness = new PublicEndpointReadiness(check(false), endpoint, clock);
        HealthCheckResponse response = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(
                "disabled (lakeshare.health.public-endpoint.enabled=false)",
                response.getData().orElseThrow().get("check"));
        assertEquals(0, requests.get());
    }
}
