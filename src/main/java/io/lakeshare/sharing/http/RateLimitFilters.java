package io.lakeshare.sharing.http;

import io.lakeshare.config.RateLimitConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.LakeshareMetrics.RateLimit;
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
 * clients back off and retry). Requests without a valid token have budgets of their own, per client
 * address and for all addresses together, charged when authentication fails; an address over its
 * budget is refused before its next token is even looked up. Authenticated requests then count
 * against the replica's global limit and their token's, which unauthenticated ones never touch: a
 * flood without tokens cannot lock recipients out.
 */
@ApplicationScoped
public class RateLimitFilters {

    private static final String GLOBAL = "global";

    private final RateLimiter global;
    private final RateLimiter perToken;
    private final RateLimiter unauthenticatedPerAddress;
    private final RateLimiter unauthenticated;
    private final LakeshareMetrics metrics;

    @Inject
    ClientAddress client;

    @Inject
    public RateLimitFilters(RateLimitConfig config, LakeshareMetrics metrics) {
        this.global = new RateLimiter(config.global(), System::nanoTime);
        this.perToken = new RateLimiter(config.perToken(), System::nanoTime);
        this.unauthenticatedPerAddress = new RateLimiter(config.unauthenticatedPerAddress(), System::nanoTime);
        this.unauthenticated = new RateLimiter(config.unauthenticated(), System::nanoTime);
        this.metrics = metrics;
    }

    void checkAddress() {
        OptionalLong wait = unauthenticatedPerAddress.exhausted(client.current());
        if (wait.isPresent()) {
            metrics.rateLimited(RateLimit.UNAUTHENTICATED_ADDRESS);
            throw overAddressBudget(wait.getAsLong());
        }
    }

    /**
     * Charges a failed authentication to its address and to all unauthenticated requests; the
     * refusal to answer instead of the authentication failure once either is over its budget.
     */
    LakeshareException chargeFailure(LakeshareException failure) {
        OptionalLong wait = unauthenticatedPerAddress.acquire(client.current());
        if (wait.isPresent()) {
            metrics.rateLimited(RateLimit.UNAUTHENTICATED_ADDRESS);
            return overAddressBudget(wait.getAsLong());
        }
        wait = unauthenticated.acquire(GLOBAL);
        if (wait.isPresent()) {
            metrics.rateLimited(RateLimit.UNAUTHENTICATED);
            return LakeshareException.rateLimited(
                    "The server is at its limit of requests without a valid token (lakeshare.rate-limit.unauthenticated); retry after "
                            + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
        return failure;
    }

    void checkGlobal() {
        OptionalLong wait = global.acquire(GLOBAL);
        if (wait.isPresent()) {
            metrics.rateLimited(RateLimit.GLOBAL);
            throw LakeshareException.rateLimited(
                    "The server is at its request rate limit (lakeshare.rate-limit.global); retry after "
                            + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    void checkToken(Object tokenId) {
        OptionalLong wait = perToken.acquire(tokenId);
        if (wait.isPresent()) {
            metrics.rateLimited(RateLimit.TOKEN);
            throw LakeshareException.rateLimited(
                    "This token is over its request rate limit (lakeshare.rate-limit.per-token); retry after "
                            + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    private static LakeshareException overAddressBudget(long seconds) {
        return LakeshareException.rateLimited(
                "Too many requests without a valid token from this address (lakeshare.rate-limit.unauthenticated-per-address); retry after "
                        + seconds + " s",
                seconds);
    }

    /** Before authentication: an address over its unauthenticated budget is refused without a lookup. */
    @Provider
    @RecipientApi
    @Priority(Priorities.AUTHENTICATION - 10)
    public static class Address implements ContainerRequestFilter {
        @Inject
        RateLimitFilters limits;

        @Override
        public void filter(ContainerRequestContext request) {
            limits.checkAddress();
        }
    }

    @Provider
    @RecipientApi
    @Priority(Priorities.AUTHENTICATION + 5)
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
