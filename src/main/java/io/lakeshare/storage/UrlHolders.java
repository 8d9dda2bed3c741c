package io.lakeshare.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Who the server's own file URLs were issued to, as the catalog knows them now: a URL names the
 * id of the token it was issued to, and stays usable only while that token does. The catalog keeps
 * tokens; storage asks through this interface, through {@link UrlHolderStanding}'s short cache.
 */
public interface UrlHolders {

    /** A token that still exists, and when it expires (empty: never). */
    record Holder(Optional<Instant> expiresAt) {

        public boolean validAt(Instant now) {
            return expiresAt.map(now::isBefore).orElse(true);
        }
    }

    /**
     * The token with this id, if it still exists: empty once revoked, or removed with its share,
     * and for an id that names no token.
     */
    Optional<Holder> holder(String tokenId);
}
