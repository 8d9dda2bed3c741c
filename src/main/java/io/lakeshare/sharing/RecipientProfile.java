package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.catalog.Token;
import io.lakeshare.catalog.TokenKind;
import io.lakeshare.config.PublicEndpoint;
import java.time.Instant;
import java.util.Optional;

/**
 * The recipient's profile file: version 1 with a bearer token (the one every official client
 * reads), or version 2 of type {@code oauth_client_credentials} for an OAuth client, whose clients
 * fetch their own access tokens from {@code tokenEndpoint}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipientProfile(
        int shareCredentialsVersion,
        String type,
        String endpoint,
        String tokenEndpoint,
        String clientId,
        String clientSecret,
        String scope,
        String bearerToken,
        Instant expirationTime) {

    public static RecipientProfile of(IssuedToken issued) {
        Token info = issued.info();
        String endpoint = info.publicEndpoint() + PublicEndpoint.SHARING_PATH;
        if (info.kind() == TokenKind.OAUTH_CLIENT) {
            return new RecipientProfile(
                    2,
                    "oauth_client_credentials",
                    endpoint,
                    info.publicEndpoint() + PublicEndpoint.OAUTH_TOKEN_PATH,
                    info.id().toString(),
                    issued.secret(),
                    PublicEndpoint.OAUTH_SCOPE,
                    null,
                    null);
        }
        return new RecipientProfile(1, null, endpoint, null, null, null, null, issued.secret(), info.expiresAt());
    }

    /**
     * The version-2 profile template of an OIDC binding: the recipient fills in its own client of its
     * identity provider, whose token endpoint the connector then asks for JWTs itself.
     */
    public static RecipientProfile oidcTemplate(Token info, Optional<String> tokenEndpoint, Optional<String> scope) {
        return new RecipientProfile(
                2,
                "oauth_client_credentials",
                info.publicEndpoint() + PublicEndpoint.SHARING_PATH,
                tokenEndpoint.orElse("<your identity provider's token endpoint>"),
                "<your client id>",
                "<your client secret>",
                scope.orElse(null),
                null,
                null);
    }

    @Override
    public String toString() {
        return "RecipientProfile[version " + shareCredentialsVersion + ", " + endpoint + ", secret=<redacted>]";
    }
}
