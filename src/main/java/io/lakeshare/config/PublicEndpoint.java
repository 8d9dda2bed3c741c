package io.lakeshare.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import org.jboss.logging.Logger;

/** The base URL that goes into recipients' profiles. */
@ApplicationScoped
public class PublicEndpoint {

    /** Where the protocol lives below the public endpoint. */
    public static final String SHARING_PATH = "/_delta-sharing/v1";

    /** The OAuth2 token endpoint of version-2 profiles (client credentials), below the public endpoint. */
    public static final String OAUTH_TOKEN_PATH = "/_delta-sharing/oauth/token";

    /** Where activation links live below the public endpoint ({@code .../CODE}). */
    public static final String ACTIVATION_PATH = "/_delta-sharing/activate";

    /** The scope version-2 profiles name, the token endpoint's only one. */
    public static final String OAUTH_SCOPE = "lakeshare";

    /** Where the Iceberg REST catalog lives below the public endpoint: the catalog {@code uri} of profiles. */
    public static final String ICEBERG_PATH = "/iceberg";

    private static final Logger LOG = Logger.getLogger(PublicEndpoint.class);

    @Inject
    LakeshareConfig config;

    /**
     * The configured public endpoint; when it is unset, the address this request came to, which is
     * only right if recipients reach the server the same way the owner does.
     */
    public String forNewToken(URI requestBase) {
        String endpoint;
        if (config.publicEndpoint().isEmpty()) {
            endpoint = requestBase.resolve("/").toString();
            LOG.warnf(
                    "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is unset: the new token's profile carries"
                            + " this request's address %s, which recipients outside may not reach. Set it to the URL recipients use.",
                    endpoint);
        } else {
            endpoint = config.publicEndpoint().get().toString();
            if (!endpoint.startsWith("https://")) {
                LOG.warnf(
                        "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is %s, not https: recipients' tokens"
                                + " would travel in clear text. Put TLS in front and set the https URL.",
                        endpoint);
            }
        }
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        return endpoint;
    }
}
