package io.lakeshare.sharing.http;

import io.lakeshare.catalog.TokenService;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Authenticates recipients by their {@code Authorization: Bearer dapi...} header. */
@Provider
@RecipientApi
@Priority(Priorities.AUTHENTICATION)
public class RecipientAuthFilter implements ContainerRequestFilter {

    @Inject
    TokenService tokens;

    @Inject
    RecipientContext context;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    RateLimitFilters limits;

    @Inject
    ClientAddress client;

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            context.set(tokens.authenticate(
                    bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)), client.current()));
            metrics.authenticated(LakeshareMetrics.Api.RECIPIENT, true);
        } catch (LakeshareException e) {
            metrics.authenticated(LakeshareMetrics.Api.RECIPIENT, false);
            throw e.status() == 401 ? limits.chargeFailure(e) : e;
        }
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw LakeshareException.unauthenticated(
                    "Missing bearer token: send 'Authorization: Bearer <token>' from your profile");
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw LakeshareException.unauthenticated("The Authorization header must use the Bearer scheme");
        }
        return value.substring(space + 1).strip();
    }
}
