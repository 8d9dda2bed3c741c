package io.lakeshare.storage;

import io.lakeshare.config.AddressRanges;
import java.time.Instant;
import java.util.Optional;

/**
 * Who the server's own file URLs were issued to, as the catalog knows them now: a URL names the
 * id of the token it was issued to (and, for a recipient's token, the share it was read through:
 * {@code TOKEN_ID.SHARE_ID}), and stays usable only while that token does (and the share is still
 * granted). The catalog keeps
 * tokens; storage asks through this interface, through {@link UrlHolderStanding}'s short cache.
 */
public interface UrlHolders {

    /** Between the token id and the share id of a holder that names both. */
    char SEPARATOR = '.';

    /** A token that still exists, when it expires (empty: never), and where it may be used from. */
    record Holder(Optional<Instant> expiresAt, AddressRanges networks) {

        public boolean validAt(Instant now) {
            return expiresAt.map(now::isBefore).orElse(true);
        }
    }

    /** A holder naming a token and the share its URL was issued through. */
    static String holder(String tokenId, String shareId) {
        return tokenId + SEPARATOR + shareId;
    }

    /** The token id of a holder, whichever form it has. */
    static String tokenId(String holder) {
        int dot = holder.indexOf(SEPARATOR);
        return dot < 0 ? holder : holder.substring(0, dot);
    }

    /** The share id of a holder that names one. */
    static Optional<String> shareId(String holder) {
        int dot = holder.indexOf(SEPARATOR);
        return dot < 0 ? Optional.empty() : Optional.of(holder.substring(dot + 1));
    }

    /**
     * The token with this id (a holder as above), if it still exists: empty once revoked, or removed with its share,
     * and for an id that names no token.
     */
    Optional<Holder> holder(String holder);
}
