package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server's own settings: where recipients reach it, the admin credential, where it keeps its
 * data. Every key of every mapping in this package is listed, with its environment variable and
 * default, in the README's configuration table (ConfigurationTableTest holds the two together).
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
}
