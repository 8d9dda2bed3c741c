package io.lakeshare.catalog;

import io.lakeshare.storage.UrlHolders;
import java.util.UUID;

/**
 * Whoever presented a valid bearer token: the token, what it reaches, and the endpoint its profile
 * names. A share token reaches its one share ({@code shareId}); a recipient's token reaches every
 * share granted to that recipient ({@code recipientId}) as the catalog holds them at each request,
 * so that grants and revocations need no cache of their own. Exactly one of the two is set.
 */
public record Bearer(UUID tokenId, UUID shareId, UUID recipientId, String publicEndpoint) {

    public static Bearer ofShare(UUID tokenId, UUID shareId, String publicEndpoint) {
        return new Bearer(tokenId, shareId, null, publicEndpoint);
    }

    public static Bearer ofRecipient(UUID tokenId, UUID recipientId, String publicEndpoint) {
        return new Bearer(tokenId, null, recipientId, publicEndpoint);
    }

    /**
     * Who the server's own file URLs of a table of {@code shareId} are issued to: a share token's are
     * its id, as before; a recipient token's name the share too, so that they stop working when the
     * share is taken back from the recipient, not only when the token goes.
     */
    public String urlHolder(UUID shareId) {
        return shareId.equals(this.shareId) || recipientId == null
                ? tokenId.toString()
                : UrlHolders.holder(tokenId.toString(), shareId.toString());
    }

    /** What listings are bound to: page tokens of one bearer's view are refused in another's. */
    public String scope() {
        // A share token's scope is its share's id, as it was before recipients: page tokens stay valid.
        return shareId != null ? shareId.toString() : "recipient:" + recipientId;
    }
}
