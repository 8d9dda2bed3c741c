package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(3, now::get);

    @Test
    void aBurstUpToTheRateIsServedThenRefused() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("a").isEmpty(), "request " + i);
        }
        assertEquals(1, limiter.acquire("a").getAsLong(), "retry after one second at most");
    }

    @Test
    void theBucketRefillsWithTime() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        now.addAndGet(340_000_000L); // a third of a second: one request's worth
        assertTrue(limiter.acquire("a").isEmpty());
        assertTrue(limiter.acquire("a").isPresent());
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a");
        }
        assertTrue(limiter.acquire("a").isPresent());
        assertTrue(limiter.acquire("b").isEmpty());
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter off = new RateLimiter(0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(off.acquire("a").isEmpty());
        }
    }

    @Test
    void aSlowRateMayHaveItsOwnBurst() {
        RateLimiter failures = new RateLimiter(10 / 60.0, 10, now::get); // ten a minute, ten at once
        for (int i = 0; i < 10; i++) {
            assertTrue(failures.acquire("a").isEmpty());
        }
        assertEquals(6, failures.acquire("a").getAsLong(), "one more in six seconds");
        now.addAndGet(6_000_000_000L);
        assertTrue(failures.acquire("a").isEmpty());
    }

    @Test
    void lookingWhetherAKeyIsExhaustedTakesNothing() {
        assertTrue(limiter.exhausted("a").isEmpty(), "an unknown key is not exhausted");
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.exhausted("a").isEmpty());
            limiter.acquire("a");
        }
        assertTrue(limiter.exhausted("a").isPresent());
    }

    @Test
    void manyPassingKeysDoNotGrowItWithoutBound() {
        for (int i = 0; i < RateLimiter.MAX_KEYS; i++) {
            limiter.acquire("address-" + i);
        }
        now.addAndGet(2_000_000_000L); // every one of them has refilled
        limiter.acquire("one more");
        assertTrue(limiter.keys() <= 2, "refilled buckets were dropped: " + limiter.keys());
    }
}
