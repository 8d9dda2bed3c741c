package io.lakeshare.sharing.http;

import io.lakeshare.catalog.ActivationLinkService;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.sharing.RecipientProfile;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Activation links: {@code GET} tells whether the link can still be used (it does not spend it, so
 * that mail scanners and link previews fetching it take nothing); {@code POST} spends it and answers
 * the profile file. Unknown codes are charged to the unauthenticated budgets, like bad tokens.
 */
@Path(PublicEndpoint.ACTIVATION_PATH + "/{code}")
@Produces(MediaType.APPLICATION_JSON)
public class ActivationResource {

    @Inject
    ActivationLinkService links;

    @Inject
    RateLimitFilters limits;

    @GET
    public Map<String, Object> state(@PathParam("code") String code) {
        limits.checkAddress();
        ActivationLinkService.LinkState state = charged(() -> links.inspect(code));
        return Map.of(
                "message",
                "This link gives your profile file once: download it with POST, e.g. curl -X POST -o profile.share <this link>",
                "expiresAt",
                state.expiresAt().toString());
    }

    @POST
    public Response activate(@PathParam("code") String code) {
        limits.checkAddress();
        IssuedToken issued = charged(() -> links.activate(code));
        return Response.ok(RecipientProfile.of(issued))
                .header("Content-Disposition", "attachment; filename=\"profile.share\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private <T> T charged(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (LakeshareException e) {
            if (e.status() == 404) {
                throw limits.chargeFailure(e);
            }
            throw e;
        }
    }
}
