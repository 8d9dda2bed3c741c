package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's own settings. Every key is listed, with its environment variable, in the README's
 * configuration table.
 */
@ConfigMapping(prefix = "lakeshare")
public interface LakeshareConfig {

    /**
     * The URL recipients reach the server at, as seen from outside (ingress, load balancer), without
     * the {@code /_delta-sharing/v1} suffix. Frozen into every profile at token creation. When unset,
     * the address the admin request arrived at is used and a warning is logged.
     */
    Optional<URI> publicEndpoint();

    /**
     * The admin API credential. When unset, the server generates one at first start and writes it,
     * readable by its owner only, to {@code <data-dir>/admin-token}, where the CLI finds it.
     */
    Optional<String> adminToken();

    /** Directory for the embedded database, the generated admin token and the local warehouse. */
    @WithDefault("data")
    Path dataDir();

    /** Request rates recipients may reach on the protocol API (file URLs are not counted). */
    RateLimit rateLimit();

    interface RateLimit {
        /** Requests per second one token may make, with bursts of as many; 0 turns the limit off. */
        @WithDefault("100")
        int perToken();

        /** Requests per second this replica serves to all recipients together; 0 turns the limit off. */
        @WithDefault("1000")
        int global();
    }

    /** Recipient-facing list endpoints. */
    Listing listing();

    interface Listing {
        /** Page size when the recipient sends no {@code maxResults}. */
        @WithDefault("500")
        int defaultPageSize();

        /** Largest page returned; a larger {@code maxResults} is served in pages of this size. */
        @WithDefault("1000")
        int maxPageSize();
    }
}
