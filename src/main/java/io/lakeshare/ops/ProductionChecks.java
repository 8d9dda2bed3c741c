package io.lakeshare.ops;

import io.lakeshare.config.LakeshareConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warnings at startup about settings that are fine on a laptop and wrong in production, each naming
 * the setting and what to do about it.
 */
@ApplicationScoped
public class ProductionChecks {

    private static final Logger LOG = Logger.getLogger(ProductionChecks.class);

    @Inject
    LakeshareConfig config;

    void onStart(@Observes StartupEvent event) {
        warnings().forEach(LOG::warn);
    }

    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        String dbKind = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.db-kind", String.class).orElse("");
        if ("h2".equalsIgnoreCase(dbKind)) {
            warnings.add("The catalog is in an embedded H2 database (quarkus.datasource.db-kind=h2): one machine only."
                    + " Recommended action: build with -Dquarkus.datasource.db-kind=postgresql and set QUARKUS_DATASOURCE_JDBC_URL.");
        }
        if (config.adminToken().filter(t -> !t.isBlank()).isEmpty()) {
            warnings.add("lakeshare.admin-token (LAKESHARE_ADMIN_TOKEN) is unset, so the admin API uses the generated credential in "
                    + config.dataDir().resolve("admin-token").toAbsolutePath()
                    + ". Recommended action: set LAKESHARE_ADMIN_TOKEN from a secret store.");
        }
        String endpoint = config.publicEndpoint().map(Object::toString).orElse(null);
        if (endpoint == null) {
            warnings.add("lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is unset: profiles and file URLs carry the address"
                    + " each admin request arrived at. Recommended action: set it to the https URL recipients reach.");
        } else if (!endpoint.startsWith("https://")) {
            warnings.add("lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is " + endpoint + ", not https: bearer tokens"
                    + " and file URLs travel in clear text. Recommended action: serve recipients over TLS and set the https URL.");
        }
        return warnings;
    }
}
