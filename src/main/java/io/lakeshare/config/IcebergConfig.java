package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Iceberg REST catalogs holding the tables shared as {@code name:iceberg-rest:warehouse:namespace:table}
 * (MinIO AIStor Tables, Apache Polaris, Nessie, any Iceberg REST catalog), one per warehouse name.
 */
@ConfigMapping(prefix = "lakeshare.iceberg")
public interface IcebergConfig {

    /** By warehouse, e.g. {@code lakeshare.iceberg.catalogs.analytics.uri=https://catalog.example.com/api/catalog}. */
    Map<String, Catalog> catalogs();

    interface Catalog {
        /** The catalog's REST endpoint (the base the {@code /v1/...} paths hang from). */
        URI uri();

        /** The warehouse to ask the catalog for; default: the warehouse name itself. */
        Optional<String> warehouse();

        /** A bearer token for the catalog. */
        Optional<String> token();

        /** OAuth2 client credentials, {@code client_id:client_secret}, exchanged for tokens by the client. */
        Optional<String> credential();

        /** The OAuth2 token endpoint; default: the catalog's own. */
        Optional<URI> oauth2ServerUri();

        /** The OAuth2 scope to ask for, e.g. {@code PRINCIPAL_ROLE:ALL} for Polaris. */
        Optional<String> scope();
    }
}
