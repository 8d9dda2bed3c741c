package io.lakeshare.admin;

import io.lakeshare.config.RateLimitConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.RateLimiter;
import io.lakeshare.sharing.http.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.OptionalLong;

/**
 * Failed admin logins are throttled per client address: past {@code
 * lakeshare.rate-limit.admin-failures-per-minute}, the address is answered 429 until its budget
 * refills, whatever credential it presents, so that guessing the admin credential costs minutes per
 * handful of guesses.
 */
@ApplicationScoped
public class AdminLoginThrottle {

    private final RateLimiter failures;
    private final LakeshareMetrics metrics;

    @Inject
    ClientAddress client;

    @Inject
    public AdminLoginThrottle(RateLimitConfig config, LakeshareMetrics metrics) {
        int perMinute = config.adminFailuresPerMinute();
        this.failures = new RateLimiter(perMinute / 60.0, perMinute, System::nanoTime);
        this.metrics = metrics;
    }

    /** Refuses an address that has used up its failed logins. */
    void checkAddress() {
        OptionalLong wait = failures.exhausted(client.current());
        if (wait.isPresent()) {
            throw refused(wait.getAsLong());
        }
    }

    /** Counts a failed login; the refusal to answer instead once the address is over its budget. */
    LakeshareException failed(LakeshareException unauthenticated) {
        OptionalLong wait = failures.acquire(client.current());
        return wait.isPresent() ? refused(wait.getAsLong()) : unauthenticated;
    }

    private LakeshareException refused(long seconds) {
        metrics.rateLimited(LakeshareMetrics.RateLimit.ADMIN_FAILURES);
        return LakeshareException.rateLimited(
                "Too many failed admin logins from this address (lakeshare.rate-limit.admin-failures-per-minute); retry after "
                        + seconds + " s",
                seconds);
    }
}
