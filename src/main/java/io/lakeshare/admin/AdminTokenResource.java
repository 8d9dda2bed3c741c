package io.lakeshare.admin;

import io.lakeshare.admin.AdminModels.CreateTokenRequest;
import io.lakeshare.admin.AdminModels.CreatedTokenView;
import io.lakeshare.admin.AdminModels.Items;
import io.lakeshare.admin.AdminModels.Profile;
import io.lakeshare.admin.AdminModels.TokenView;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.catalog.Token;
import io.lakeshare.catalog.TokenService;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.LakeshareException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recipient tokens: issued for one share each, listed without secrets, revoked by id. */
@Path("/api/admin/v1/tokens")
@AdminApi
@Tag(name = "tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminTokenResource {

    @Inject
    TokenService tokens;

    @Inject
    PublicEndpoint publicEndpoint;

    @POST
    @Operation(summary = "Create a token for a share; the response holds the secret and the profile, once")
    public Response create(CreateTokenRequest request, @Context UriInfo uri) {
        if (request == null || request.share() == null || request.share().isBlank()) {
            throw LakeshareException.invalidParameter("Name the share the token is for: {\"share\": \"...\"}");
        }
        IssuedToken issued = tokens.create(
                request.share(),
                Lifetimes.parse(request.expiresIn()),
                request.description(),
                publicEndpoint.forNewToken(uri.getBaseUri()));
        Token info = issued.info();
        Profile profile =
                new Profile(1, info.publicEndpoint() + PublicEndpoint.SHARING_PATH, issued.secret(), info.expiresAt());
        CreatedTokenView view = new CreatedTokenView(
                info.id().toString(),
                info.share(),
                info.displayPrefix(),
                info.description(),
                info.createdAt(),
                info.expiresAt(),
                issued.secret(),
                profile);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    @GET
    @Operation(summary = "List a share's tokens (never their secrets)")
    public Items<TokenView> list(@QueryParam("share") String share) {
        if (share == null || share.isBlank()) {
            throw LakeshareException.invalidParameter("Name the share whose tokens to list: ?share=...");
        }
        return new Items<>(tokens.list(share).stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token")
    public Response remove(@PathParam("id") String id) {
        tokens.remove(parseId(id));
        return Response.noContent().build();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw LakeshareException.invalidParameter(
                    "'" + id + "' is not a token id; token ids are UUIDs (see 'lakeshare token list SHARE')");
        }
    }
}
