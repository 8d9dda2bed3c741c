package io.lakeshare.ops;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets: each key may make {@code rate} requests a second, in bursts of up to {@code rate}.
 * In memory, so limits hold per replica (the README says how they add up across replicas).
 */
public final class RateLimiter {

    private final double rate;
    private final LongSupplier nanoClock;
    private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perSecond, LongSupplier nanoClock) {
        this.rate = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Takes one request for {@code key}; when over the limit, the seconds to wait before retrying. */
    public OptionalLong acquire(Object key) {
        if (rate <= 0) {
            return OptionalLong.empty();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(rate, nanoClock.getAsLong()))
                .take(rate, nanoClock.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized OptionalLong take(double rate, long now) {
            tokens = Math.min(rate, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - tokens) / rate));
        }
    }
}
