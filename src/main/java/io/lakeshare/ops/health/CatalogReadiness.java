package io.lakeshare.ops.health;

import io.lakeshare.config.HealthConfig;
import io.lakeshare.config.IcebergConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness part: every configured Iceberg REST catalog answers its config endpoint in time. Any
 * HTTP answer counts (a secured catalog answers 401 without a token): what matters here is that
 * the catalog is up and reachable; wrong credentials show on the tables, by name, in share info.
 */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(CatalogReadiness.class);

    @Inject
    IcebergConfig catalogs;

    @Inject
    HealthConfig config;

    private final FailureSince failures = new FailureSince();
    private volatile HttpClient http;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("iceberg-catalogs").up();
        for (Map.Entry<String, IcebergConfig.Catalog> catalog :
                catalogs.catalogs().entrySet()) {
            String warehouse = catalog.getKey();
            URI configUri = configUri(catalog.getValue().uri());
            String shown = ShownUri.of(configUri);
            try {
                HttpResponse<Void> answer = client().send(
                                HttpRequest.newBuilder(configUri)
                                        .timeout(config.storageTimeout())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                response.withData(warehouse, "answers (HTTP " + answer.statusCode() + ")");
                failures.passed(warehouse)
                        .ifPresent(since -> LOG.infof("Iceberg catalog of warehouse %s answers again", warehouse));
            } catch (IOException | InterruptedException | IllegalArgumentException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // The exception's text may quote the URI, credentials and all.
                String reason = ShownUri.scrub(e.toString(), configUri);
                Instant now = Instant.now();
                Instant since = failures.failed(warehouse, now);
                if (since.equals(now)) {
                    LOG.warnf("Iceberg catalog of warehouse %s at %s does not answer: %s", warehouse, shown, reason);
                }
                response.down()
                        .withData(warehouse, "does not answer at " + shown + ": " + reason)
                        .withData(warehouse + ".since", since.toString());
            }
        }
        return response.build();
    }

    /** The catalog's config endpoint: {@code /v1/config} under its base path, whatever else the URI holds. */
    static URI configUri(URI base) {
        if (base.getRawAuthority() == null) {
            return base; // not an http(s) URL: the request is refused, and the check says so
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/v1/config"
                + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery()));
    }

    private HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(config.storageTimeout())
                    .build();
        }
        return http;
    }
}
