package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * What the server accepts of a request before any resource sees it. Over a limit, the request is
 * answered in the protocol's error body (413, 414, 431) naming the limit; the HTTP codec's own
 * limits ({@code quarkus.http.limits.*}) sit above these as a last resort.
 */
@ConfigMapping(prefix = "lakeshare.http")
public interface HttpConfig {

    /** Largest body of a recipient request ({@code /query}, async polls), in bytes. */
    @WithDefault("1048576")
    int maxRecipientBodyBytes();

    /** Largest body of an admin API request, in bytes. */
    @WithDefault("4194304")
    int maxAdminBodyBytes();

    /** Longest request URI (path and query string), in characters. */
    @WithDefault("8192")
    int maxUriLength();

    /** Largest request header block (every name and value), in bytes. */
    @WithDefault("16384")
    int maxHeaderBytes();

    /**
     * The load balancers and ingress controllers in front of the server (CIDR networks, comma
     * separated; none by default). Only a request whose TCP peer is one of them has its client
     * address taken from {@code X-Forwarded-For}: the nearest address in that header that is not a
     * trusted proxy itself. Recipients' IP access lists, rate-limit budgets and the admin login
     * throttle all see that address.
     */
    Optional<List<String>> trustedProxies();
}
