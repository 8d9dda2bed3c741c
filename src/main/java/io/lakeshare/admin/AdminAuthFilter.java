package io.lakeshare.admin;

import io.lakeshare.errors.LakeshareException;
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

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip()
                : null;
        if (!credential.matches(presented)) {
            throw LakeshareException.unauthenticated(
                    "The admin API needs 'Authorization: Bearer <admin token>' (LAKESHARE_ADMIN_TOKEN, or the server's generated admin-token file)");
        }
    }
}
