package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
