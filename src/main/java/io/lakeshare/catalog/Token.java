package io.lakeshare.catalog;

import java.time.Instant;
import java.util.UUID;

/** What an owner may know about a token: everything but the secret. */
public record Token(
        UUID id,
        String share,
        String description,
        String displayPrefix,
        String publicEndpoint,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt) {

    static Token of(TokenEntity t) {
        return new Token(
                t.id,
                t.share.name,
                t.description,
                t.displayPrefix,
                t.publicEndpoint,
                t.createdAt,
                t.expiresAt,
                t.lastUsedAt);
    }
}
