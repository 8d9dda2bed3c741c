package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    /** OIDC federation: recipients calling with JWTs from identity providers the owner trusts. */
    Oidc oidc();

    interface Oidc {

        /**
         * The trusted identity providers, by a name the owner picks ({@code token create --oidc NAME=SUBJECT}),
         * e.g. {@code lakeshare.auth.oidc.issuers.partner.issuer=https://idp.example.com/realms/partner}.
         */
        Map<String, Issuer> issuers();

        /** How long a fetched JWKS (and discovery document) is used before it is fetched again. */
        @WithDefault("PT10M")
        Duration jwksCacheTtl();

        /**
         * A JWT signed by a key the cached JWKS does not hold makes the server fetch it again (the IdP
         * rotated its keys), but at most once per this long per issuer.
         */
        @WithDefault("PT30S")
        Duration jwksMinRefetchInterval();

        /** Clock difference allowed between the IdP and this server for {@code exp}, {@code nbf} and {@code iat}. */
        @WithDefault("PT30S")
        Duration clockSkew();
    }

    interface Issuer {
        /** The issuer URI; it must equal the JWT's {@code iss} exactly. */
        URI issuer();

        /** The audience the JWT's {@code aud} must contain (set by the IdP, e.g. an audience mapper). */
        String audience();

        /** The claim whose value is the subject a recipient is bound to. */
        @WithDefault("sub")
        String subjectClaim();

        /** The JWKS URI; default: {@code jwks_uri} of {@code <issuer>/.well-known/openid-configuration}. */
        Optional<URI> jwksUri();

        /** The scope a recipient's client asks its IdP for, written into the profile template. */
        Optional<String> scope();
    }
}
