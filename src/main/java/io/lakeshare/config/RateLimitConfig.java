package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request rates recipients may reach on the protocol API (file URLs are not counted), per replica. */
@ConfigMapping(prefix = "lakeshare.rate-limit")
public interface RateLimitConfig {

    /** Requests per second one token may make, with bursts of as many; 0 turns the limit off. */
    @WithDefault("100")
    int perToken();

    /** Requests per second this replica serves to all recipients together; 0 turns the limit off. */
    @WithDefault("1000")
    int global();
}
