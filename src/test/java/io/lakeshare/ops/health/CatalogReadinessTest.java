package io.lakeshare.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.config.HealthConfig;
import io.lakeshare.config.IcebergConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The catalogs' part of readiness shows where it looked, never the credentials in a catalog's URI. */
class CatalogReadinessTest {

    private static IcebergConfig.Catalog catalog(URI uri) {
        return new IcebergConfig.Catalog() {
            public URI uri() {
                return uri;
            }

            public Optional<String> warehouse() {
                return Optional.empty();
            }

            public Optional<String> token() {
                return Optional.empty();
            }

            public Optional<String> credential() {
                return Optional.empty();
            }

            public Optional<URI> oauth2ServerUri() {
                return Optional.empty();
            }

            public Optional<String> scope() {
                return Optional.empty();
            }
        };
    }

    private static CatalogReadiness readiness(URI uri) {
        CatalogReadiness readiness = new CatalogReadiness();
        readiness.catalogs = () -> Map.of("lake", catalog(uri));
        readiness.config = new HealthConfig() {
            public Duration databaseTimeout() {
                throw new UnsupportedOperationException("not part of the catalogs' check");
            }

            public Duration storageTimeout() {
                return Duration.ofSeconds(2);
            }

            public PublicEndpointCheck publicEndpoint() {
                throw new UnsupportedOperationException("not part of the catalogs' check");
            }
        };
        return readiness;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aCatalogThatDoesNotAnswerIsShownWithoutItsCredentials() throws Exception {
        int port = closedPort();
        URI uri = URI.create("http://reader:s3cret@127.0.0.1:" + port + "/api/catalog/?token=t0ken");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            public void publish(LogRecord record) {
                logged.add(((ExtLogRecord) record).getFormattedMessage());
            }

            public void flush() {}

            public void close() {}
        };
        Logger logger = Logger.getLogger(CatalogReadiness.class.getName());
        logger.addHandler(capture);
        HealthCheckResponse response;
        try {
            response = readiness(uri).call();
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String shown = response.getData().orElseThrow().get("lake").toString();
        assertTrue(shown.startsWith("does not answer at http://127.0.0.1:" + port + "/api/catalog/v1/config: "), shown);
        assertEquals(1, logged.size(), logged.toString());
        for (String text : List.of(shown, logged.get(0))) {
            assertFalse(text.contains("s3cret") || text.contains("reader") || text.contains("t0ken"), text);
        }
        assertTrue(logged.get(0).contains("http://127.0.0.1:" + port + "/api/catalog/v1/config"), logged.get(0));
    }

    @Test
    void theConfigEndpointHangsUnderTheCatalogsPath() {
        assertEquals(
                URI.create("https://c.example.com/api/catalog/v1/config"),
                CatalogReadiness.configUri(URI.create("https://c.example.com/api/catalog/")));
        assertEquals(
                URI.create("https://u:p@c.example.com:8181/v1/config?t=1"),
                CatalogReadiness.configUri(URI.create("https://u:p@c.example.com:8181?t=1")));
    }

    @Test
    void exceptionTextsLoseTheUrisSecretsWhereverTheyQuoteThem() {
        URI uri = URI.create("https://u:p%40ss@c.example.com/v1/config?token=abc");
        assertEquals("https://c.example.com/v1/config", ShownUri.of(uri));
        assertEquals(
                "java.io.IOException: GET https://c.example.com/v1/config failed; retried c.example.com/v1/config",
                ShownUri.scrub(
                        "java.io.IOException: GET " + uri
                                + " failed; retried u:p%40ss@c.example.com/v1/config?token=abc",
                        uri));
    }
}
