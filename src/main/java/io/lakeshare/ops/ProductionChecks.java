package io.lakeshare.ops;

import io.lakeshare.config.LakeshareConfig;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warnings at startup about settings that are fine on a laptop and wrong in production, each naming
 * the setting and what to do about it.
 */
@ApplicationScoped
public class ProductionChecks {

    private static final Logger LOG = Logger.getLogger(ProductionChecks.class);
    private static final Duration SIGV4_MAX = Duration.ofDays(7);

    @Inject
    LakeshareConfig config;

    @Inject
    StorageConfig storageConfig;

    @Inject
    Storage storage;

    void onStart(@Observes StartupEvent event) {
        warnings().forEach(LOG::warn);
    }

    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        String dbKind = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.datasource.db-kind", String.class)
                .orElse("");
        if ("h2".equalsIgnoreCase(dbKind)) {
            warnings.add(
                    "The catalog is in an embedded H2 database (quarkus.datasource.db-kind=h2): one machine only."
                            + " Recommended action: build with -Dquarkus.datasource.db-kind=postgresql and set QUARKUS_DATASOURCE_JDBC_URL.");
            ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                    .ifPresent(url -> warnings.addAll(h2UrlWarnings(url)));
        }
        if (config.adminToken().filter(t -> !t.isBlank()).isEmpty()) {
            warnings.add(
                    "lakeshare.admin-token (LAKESHARE_ADMIN_TOKEN) is unset, so the admin API uses the generated credential in "
                            + config.dataDir().resolve("admin-token").toAbsolutePath()
                            + ". Recommended action: set LAKESHARE_ADMIN_TOKEN from a secret store.");
        }
        String endpoint = config.publicEndpoint().map(Object::toString).orElse(null);
        if (endpoint == null) {
            warnings.add(
                    "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is unset: profiles and file URLs carry the address"
                            + " each admin request arrived at. Recommended action: set it to the https URL recipients reach.");
        } else if (!endpoint.startsWith("https://")) {
            warnings.add(
                    "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is " + endpoint
                            + ", not https: bearer tokens"
                            + " and file URLs travel in clear text. Recommended action: serve recipients over TLS and set the https URL.");
        }
        if (storage.storesInUse().containsKey("s3")) {
            Optional<Instant> expiry = Optional.empty();
            try {
                expiry = storage.signingCredentialsExpiry();
            } catch (StorageException e) {
                warnings.add(
                        e.getMessage() + ": presigned URLs will fail."
                                + " Recommended action: set LAKESHARE_STORAGE_S3_ACCESS_KEY_ID and the secret, or provide a role.");
            }
            urlTtlWarning(storageConfig.urlTtl(), expiry, Instant.now()).ifPresent(warnings::add);
        }
        return warnings;
    }

    /**
     * An H2 URL of the operator's own loses what the default one keeps: by default H2 writes a commit
     * to its file up to 500 ms after acknowledging it, so a crash takes acknowledged writes back, and
     * keeps a trace file of failed statements, values and all.
     */
    static List<String> h2UrlWarnings(String url) {
        List<String> warnings = new ArrayList<>();
        String settings = url.toUpperCase(Locale.ROOT).replace(" ", "");
        if (!settings.startsWith("JDBC:H2:MEM:") && !settings.contains(";WRITE_DELAY=0")) {
            warnings.add(
                    "quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL) is an H2 database without WRITE_DELAY=0: H2 then"
                            + " writes commits to its file up to half a second after they are acknowledged, and a crash loses them."
                            + " Recommended action: add ;WRITE_DELAY=0 to the URL, or leave it unset.");
        }
        if (!settings.startsWith("JDBC:H2:MEM:") && !settings.contains(";TRACE_LEVEL_FILE=0")) {
            warnings.add(
                    "quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL) is an H2 database without TRACE_LEVEL_FILE=0: H2 then"
                            + " keeps a trace file next to the database recording failed statements with the values callers sent, which the"
                            + " log's redaction never sees. Recommended action: add ;TRACE_LEVEL_FILE=0 to the URL, or leave it unset.");
        }
        return warnings;
    }

    /**
     * Presigned URLs die with the credentials that signed them: SigV4 caps them at 7 days, and
     * temporary credentials (a role, web identity) end sooner still.
     */
    static Optional<String> urlTtlWarning(Duration ttl, Optional<Instant> expiry, Instant now) {
        if (ttl.compareTo(SIGV4_MAX) > 0) {
            return Optional.of(
                    "lakeshare.storage.url-ttl (LAKESHARE_STORAGE_URL_TTL) is " + ttl + ", longer than the 7 days S3"
                            + " allows for a presigned URL. Recommended action: set it to PT1H..P7D (clients refresh URLs).");
        }
        if (expiry.isPresent() && expiry.get().isBefore(now.plus(ttl))) {
            return Optional.of(
                    "lakeshare.storage.url-ttl (LAKESHARE_STORAGE_URL_TTL) is " + ttl + ", but the S3 credentials"
                            + " that sign presigned URLs are temporary and expire at " + expiry.get()
                            + ": URLs stop working then,"
                            + " before their stated expiry. Recommended action: lower the URL TTL below the credentials' session"
                            + " length, or sign with long-lived keys.");
        }
        return Optional.empty();
    }
}
