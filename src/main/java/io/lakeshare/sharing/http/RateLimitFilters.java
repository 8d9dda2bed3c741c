package io.lakeshare.sharing.http;

import io.lakeshare.config.RateLimitConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.OptionalLong;

/**
 * Over a limit, recipients get 429 with {@code Retry-After} and the protocol's error body (their
 * clients back off and retry). The global limit applies before authentication, so that a flood of
 * bad tokens is bounded too; the per-token one after it.
 */
@ApplicationScoped
public class RateLimitFilters {

    private static final String GLOBAL = "global";

    private final RateLimiter global;
    private final RateLimiter perToken;
    private final LakeshareMetrics metrics;

    @Inject
    public RateLimitFilters(RateLimitConfig config, LakeshareMetrics metrics) {
        this.global = new RateLimiter(config.global(), System::nanoTime);
        this.perToken = new RateLimiter(config.perToken(), System::nanoTime);
        this.metrics = metrics;
    }

    void checkGlobal() {
        OptionalLong wait = global.acquire(GLOBAL);
        if (wait.isPresent()) {
            metrics.rateLimited(false);
            throw LakeshareException.rateLimited(
                    "The server is at its request rate limit (lakeshare.rate-limit.global); retry after "
                            + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    void checkToken(Object tokenId) {
        OptionalLong wait = perToken.acquire(tokenId);
        if (wait.isPresent()) {
            metrics.rateLimited(true);
            throw LakeshareException.rateLimited(
                    "This token is over its request rate limit (lakeshare.rate-limit.per-token); retry after "
                            + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    @Provider
    @RecipientApi
    @Priority(Priorities.AUTHENTICATION - 10)
    public static class Global implements ContainerRequestFilter {
        @Inject
        RateLimitFilters limits;

        @Override
        public void filter(ContainerRequestContext request) {
            limits.checkGlobal();
        }
    }

    @Provider
    @RecipientApi
    @Priority(Priorities.AUTHENTICATION + 10)
    public static class PerToken implements ContainerRequestFilter {
        @Inject
        RateLimitFilters limits;

        @Inject
        RecipientContext recipient;

        @Override
        public void filter(ContainerRequestContext request) {
            limits.checkToken(recipient.recipient().tokenId());
        }
    }
}
