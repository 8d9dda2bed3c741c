package io.lakeshare.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * What an owner may know about a token: everything but the secret. {@code share} is set for a share
 * token, {@code recipient} for a recipient's; {@code replacedBy} once it has been rotated;
 * {@code oidcIssuer} and {@code oidcSubject} for a binding to a subject of an OIDC identity provider.
 */
public record Token(
        UUID id,
        TokenKind kind,
        String share,
        String recipient,
        String description,
        String displayPrefix,
        String publicEndpoint,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        UUID replacedBy,
        String oidcIssuer,
        String oidcSubject) {

    static Token of(TokenEntity t) {
        return new Token(
                t.id,
                t.kind,
                t.share == null ? null : t.share.name,
                t.recipient == null ? null : t.recipient.name,
                t.description,
                t.displayPrefix,
                t.publicEndpoint,
                t.createdAt,
                t.expiresAt,
                t.lastUsedAt,
                t.replacedBy,
                t.oidcIssuer,
                t.oidcSubject);
    }
}
