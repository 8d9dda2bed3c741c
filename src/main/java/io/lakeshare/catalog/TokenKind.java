package io.lakeshare.catalog;

/** How a token's secret is used. */
public enum TokenKind {
    /** Sent as it is: {@code Authorization: Bearer dapi...} (profile version 1). */
    BEARER,
    /**
     * An OAuth2 client (profile version 2): its id and secret are exchanged at the token endpoint for
     * short-lived access tokens, and the secret itself is refused as a bearer token.
     */
    OAUTH_CLIENT,
    /**
     * A binding to a subject of a trusted OIDC identity provider: the recipient calls with that
     * provider's JWTs. It has no secret of its own.
     */
    OIDC_SUBJECT
}
