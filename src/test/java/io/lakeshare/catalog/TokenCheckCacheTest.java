package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.config.AddressRanges;
import io.lakeshare.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenCheckCacheTest {

    private final AtomicLong clock = new AtomicLong();
    private final TokenCheckCache cache = cacheWithTtl(Duration.ofSeconds(2));

    private TokenCheckCache cacheWithTtl(Duration ttl) {
        TokenCheckCache cache = new TokenCheckCache(clock::get);
        cache.config = new AuthConfig() {
            @Override
            public Duration tokenCacheTtl() {
                return ttl;
            }

            @Override
            public Duration oauthAccessTokenTtl() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration activationLinkTtl() {
                return Duration.ofDays(7);
            }

            @Override
            public Oidc oidc() {
                throw new UnsupportedOperationException("not read by the cache");
            }
        };
        return cache;
    }

    private static byte[] hash(String secret) {
        return TokenSecrets.hash(secret);
    }

    private static TokenCheckCache.Check check(Instant expiresAt) {
        return new TokenCheckCache.Check(
                Bearer.ofShare(UUID.randomUUID(), UUID.randomUUID(), "https://x"),
                AddressRanges.ANYWHERE,
                expiresAt,
                false,
                null);
    }

    @Test
    void aCheckIsReusedWithinItsTimeToLiveAndNotAfter() {
        TokenCheckCache.Check check = check(null);
        cache.remember(hash("dapia"), check);

        clock.addAndGet(Duration.ofMillis(1999).toNanos());
        assertEquals(check, cache.recent(hash("dapia")).orElseThrow());
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertTrue(cache.recent(hash("dapia")).isEmpty(), "aged out: the catalog is asked again");
    }

    @Test
    void entriesAreKeyedByTheWholeHash() {
        cache.remember(hash("dapia"), check(null));
        assertTrue(cache.recent(hash("dapib")).isEmpty());
        assertTrue(cache.recent("dapia".getBytes(StandardCharsets.UTF_8)).isEmpty(), "never by the secret");
    }

    @Test
    void aRevocationCommittedHereEmptiesTheCache() {
        cache.remember(hash("dapia"), check(null));
        cache.remember(hash("dapib"), check(null));
        cache.onRevoked(new TokenCheckCache.Revoked());
        assertEquals(0, cache.size());
        assertTrue(cache.recent(hash("dapia")).isEmpty());
    }

    @Test
    void aZeroTimeToLiveKeepsNothing() {
        TokenCheckCache uncached = cacheWithTtl(Duration.ZERO);
        uncached.remember(hash("dapia"), check(null));
        assertEquals(0, uncached.size());
        assertTrue(uncached.recent(hash("dapia")).isEmpty());
    }

    @Test
    void theCacheStaysBoundedWhateverComes() {
        for (int i = 0; i < TokenCheckCache.MAX_ENTRIES * 3; i++) {
            cache.remember(hash("dapi" + i), check(null));
        }
        assertTrue(cache.size() <= TokenCheckCache.MAX_ENTRIES, String.valueOf(cache.size()));
    }

    @Test
    void aRecordedUseIsKeptWithoutRenewingTheEntry() {
        cache.remember(hash("dapia"), check(null));
        Instant used = Instant.parse("2026-12-03T08:00:00Z");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        cache.usedAt(hash("dapia"), used);
        assertEquals(used, cache.recent(hash("dapia")).orElseThrow().lastUsedAt());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(cache.recent(hash("dapia")).isEmpty(), "a recorded use does not extend the time to live");
    }

    @Test
    void expiryIsTheChecksOwnTime() {
        Instant at = Instant.parse("2026-12-03T08:00:00Z");
        assertFalse(check(at).expiredAt(at.minusMillis(1)));
        assertTrue(check(at).expiredAt(at));
        assertFalse(check(null).expiredAt(Instant.MAX));
    }
}
