package io.lakeshare.catalog;

import io.lakeshare.config.AddressRanges;
import io.lakeshare.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recent successful token checks, keyed by the secret's hash (never the secret), so that a recipient's
 * requests do not each read the catalog. Only successes are kept: an unknown or revoked token is looked
 * up every time, and an entry is used for {@code lakeshare.auth.token-cache-ttl} at most. Every
 * revocation committed through this replica empties the cache, so it takes effect here at once; other
 * replicas see it when their entry ages out.
 */
@ApplicationScoped
public class TokenCheckCache {

    /** Beyond this many tokens the cache starts over, so that it stays small whatever comes. */
    static final int MAX_ENTRIES = 10_000;

    /**
     * Fired by a transaction that revokes tokens or shortens their life (a token, share or recipient
     * removed; a token rotated).
     */
    public record Revoked() {}

    /**
     * What a check found: who the token is, where it may call from, when it expires (and whether
     * because it was rotated), when its use was last recorded.
     */
    record Check(Bearer recipient, AddressRanges networks, Instant expiresAt, boolean replaced, Instant lastUsedAt) {

        boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private record Entry(Check check, long checkedAtNanos) {}

    private final Map<String, Entry> checks = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    @Inject
    AuthConfig config;

    TokenCheckCache() {
        this(System::nanoTime);
    }

    TokenCheckCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The check made for this hash within the cache's time to live, if any. */
    Optional<Check> recent(byte[] hash) {
        Entry entry = checks.get(key(hash));
        if (entry == null || nanoTime.getAsLong() - entry.checkedAtNanos() >= ttlNanos()) {
            return Optional.empty();
        }
        return Optional.of(entry.check());
    }

    /** Keeps a successful check made just now. */
    void remember(byte[] hash, Check check) {
        if (ttlNanos() <= 0) {
            return;
        }
        if (checks.size() >= MAX_ENTRIES) {
            checks.clear();
        }
        checks.put(key(hash), new Entry(check, nanoTime.getAsLong()));
    }

    /** Notes a recorded use, so that the next requests within the granularity do not record it again. */
    void usedAt(byte[] hash, Instant when) {
        checks.computeIfPresent(key(hash), (k, e) -> {
            Check c = e.check();
            return new Entry(
                    new Check(c.recipient(), c.networks(), c.expiresAt(), c.replaced(), when), e.checkedAtNanos());
        });
    }

    /** After the commit, so that no request can read the revoked token back in between. */
    void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) Revoked revoked) {
        checks.clear();
    }

    int size() {
        return checks.size();
    }

    private long ttlNanos() {
        return config.tokenCacheTtl().toNanos();
    }

    private static String key(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
