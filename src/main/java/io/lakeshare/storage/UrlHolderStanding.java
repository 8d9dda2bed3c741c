package io.lakeshare.storage;

import io.lakeshare.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the token a file URL was issued to still stands, answered from a short cache so that a
 * file request costs a map lookup, not a catalog read: a holder is looked up at most once per
 * {@code lakeshare.storage.revocation-cache-ttl} per replica, so a revocation reaches every replica's
 * file endpoint within that long. A token found gone is remembered as gone (token ids are never
 * reused), and a token's expiry is checked at every request.
 */
@ApplicationScoped
public class UrlHolderStanding {

    /** Beyond this many tokens in the cache it starts over, so that it stays small whatever comes. */
    static final int MAX_ENTRIES = 10_000;

    private record Seen(Optional<UrlHolders.Holder> holder, long atNanos) {}

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    @Inject
    UrlHolders holders;

    @Inject
    StorageConfig config;

    /** Whether URLs issued to this token id may still be used at {@code now}. */
    public boolean stands(String tokenId, Instant now) {
        return lookUp(tokenId).holder().map(h -> h.validAt(now)).orElse(false);
    }

    /**
     * Whether URLs issued to this token id may be used from {@code clientAddress}: its recipient's IP
     * access list, as of the same short cache (a token gone is reachable from nowhere).
     */
    public boolean reachableFrom(String tokenId, String clientAddress) {
        return lookUp(tokenId)
                .holder()
                .map(h -> h.networks().allows(clientAddress))
                .orElse(false);
    }

    private Seen lookUp(String tokenId) {
        long nanos = System.nanoTime();
        Seen last = seen.get(tokenId);
        if (last == null || (mayComeBack(tokenId, last) && nanos - last.atNanos() >= ttlNanos())) {
            last = new Seen(holders.holder(tokenId), nanos);
            if (seen.size() >= MAX_ENTRIES) {
                seen.clear();
            }
            seen.put(tokenId, last);
        }
        return last;
    }

    /**
     * A standing holder can be revoked, so it is looked at again; a token once gone stays gone. A
     * share taken back from a recipient can be granted again, and its new URLs name the same holder.
     */
    private static boolean mayComeBack(String holder, Seen last) {
        return last.holder().isPresent() || UrlHolders.shareId(holder).isPresent();
    }

    private long ttlNanos() {
        return config.revocationCacheTtl().toNanos();
    }
}
