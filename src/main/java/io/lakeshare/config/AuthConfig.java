package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How recipients' bearer tokens are checked. */
@ConfigMapping(prefix = "lakeshare.auth")
public interface AuthConfig {

    /**
     * How long a successful token check is reused before the catalog is asked again. A request then
     * costs a hash and a map lookup instead of a database read; the price is that a token revoked
     * through another replica (or its share removed there) is refused there within this long, not at
     * its very next request. Revocations through this replica take effect at once. The token's expiry
     * is checked at every request either way. {@code PT0S} asks the catalog every time.
     */
    @WithDefault("PT2S")
    Duration tokenCacheTtl();

    /**
     * How long an access token issued at the OAuth2 token endpoint (client credentials grant) is
     * valid. Clients renew it themselves; removing or rotating the client ends its tokens' use.
     */
    @WithDefault("PT1H")
    Duration oauthAccessTokenTtl();

    /**
     * How long an activation link ({@code token create --activation-link}) can be used, never beyond
     * its token's own expiry. It works once.
     */
    @WithDefault("P7D")
    Duration activationLinkTtl();
}
