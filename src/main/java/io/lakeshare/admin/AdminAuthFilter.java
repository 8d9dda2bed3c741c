package io.lakeshare.admin;

import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Lets admin API calls through only with {@code Authorization: Bearer <admin token>}. */
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    @Inject
    AdminCredential credential;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    AdminLoginThrottle throttle;

    @Override
    public void filter(ContainerRequestContext request) {
        throttle.checkAddress();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip()
                : null;
        boolean accepted = credential.matches(presented);
        // Counted like recipients' checks: a run of failures here is someone guessing at the admin API.
        metrics.authenticated(LakeshareMetrics.Api.ADMIN, accepted);
        if (!accepted) {
            throw throttle.failed(
                    LakeshareException.unauthenticated(
                            "The admin API needs 'Authorization: Bearer <admin token>' (LAKESHARE_ADMIN_TOKEN, or the server's generated admin-token file)"));
        }
    }
}
