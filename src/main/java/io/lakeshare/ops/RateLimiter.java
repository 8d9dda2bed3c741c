package io.lakeshare.ops;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets: each key may make {@code rate} requests a second, in bursts of up to {@code burst}.
 * In memory, so limits hold per replica (the README says how they add up across replicas). Keys
 * that come and go (client addresses) cannot grow it without bound: past {@link #MAX_KEYS} keys, the
 * buckets that have refilled, whose keys are as good as new, are dropped — at most once a second, so
 * that a flood from more addresses than that does not make every request scan them all.
 */
public final class RateLimiter {

    static final int MAX_KEYS = 100_000;
    private static final long PRUNE_INTERVAL_NANOS = 1_000_000_000L;

    private final double rate;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextPrune;

    /** {@code perSecond} requests a second in bursts of as many; 0 or less turns the limit off. */
    public RateLimiter(int perSecond, LongSupplier nanoClock) {
        this(perSecond, perSecond, nanoClock);
    }

    public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.rate = perSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
        this.nextPrune = new AtomicLong(nanoClock.getAsLong());
    }

    /** Takes one request for {@code key}; when over the limit, the seconds to wait before retrying. */
    public OptionalLong acquire(Object key) {
        if (rate <= 0) {
            return OptionalLong.empty();
        }
        long now = nanoClock.getAsLong();
        long due = nextPrune.get();
        if (buckets.size() >= MAX_KEYS && now - due >= 0 && nextPrune.compareAndSet(due, now + PRUNE_INTERVAL_NANOS)) {
            buckets.values().removeIf(bucket -> bucket.full(rate, burst, now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(rate, burst, now);
    }

    /** Whether {@code key} is over the limit now, without taking a request; the seconds to wait if so. */
    public OptionalLong exhausted(Object key) {
        Bucket bucket = rate <= 0 ? null : buckets.get(key);
        return bucket == null ? OptionalLong.empty() : bucket.waitFor(rate, burst, nanoClock.getAsLong());
    }

    int keys() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        private void refill(double rate, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
        }

        synchronized OptionalLong take(double rate, double burst, long now) {
            refill(rate, burst, now);
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(secondsUntilOne(rate));
        }

        synchronized OptionalLong waitFor(double rate, double burst, long now) {
            refill(rate, burst, now);
            return tokens >= 1 ? OptionalLong.empty() : OptionalLong.of(secondsUntilOne(rate));
        }

        synchronized boolean full(double rate, double burst, long now) {
            refill(rate, burst, now);
            return tokens >= burst;
        }

        private long secondsUntilOne(double rate) {
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
