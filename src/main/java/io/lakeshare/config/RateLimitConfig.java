package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request rates recipients may reach on the protocol API (file URLs are not counted), per replica. */
@ConfigMapping(prefix = "lakeshare.rate-limit")
public interface RateLimitConfig {

    /** Requests per second one token may make, with bursts of as many; 0 turns the limit off. */
    @WithDefault("100")
    int perToken();

    /**
     * Authenticated requests per second this replica serves to all recipients together; 0 turns the
     * limit off. Requests without a valid token never count against it (they have budgets of their own
     * below), so a flood of them cannot lock recipients out.
     */
    @WithDefault("1000")
    int global();

    /**
     * Requests per second one client address may send without a valid token (none, or a wrong or
     * expired one), with bursts of as many; over it, every recipient request from that address is 429
     * until the budget refills, before its token is looked at. 0 turns the limit off.
     */
    @WithDefault("10")
    int unauthenticatedPerAddress();

    /** Requests per second without a valid token from all addresses together; 0 turns the limit off. */
    @WithDefault("100")
    int unauthenticated();

    /**
     * Failed admin logins per minute one client address may make (in bursts of as many); over it, the
     * admin API answers that address 429 until the budget refills, right credential or not. 0 turns
     * the limit off.
     */
    @WithDefault("10")
    int adminFailuresPerMinute();
}
