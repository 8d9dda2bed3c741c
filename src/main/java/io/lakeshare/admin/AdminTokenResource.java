package io.lakeshare.admin;

import io.lakeshare.admin.AdminModels.CreateTokenRequest;
import io.lakeshare.admin.AdminModels.CreatedTokenView;
import io.lakeshare.admin.AdminModels.Items;
import io.lakeshare.admin.AdminModels.PendingTokenView;
import io.lakeshare.admin.AdminModels.RotateTokenRequest;
import io.lakeshare.admin.AdminModels.RotatedTokenView;
import io.lakeshare.admin.AdminModels.TokenView;
import io.lakeshare.catalog.ActivationLinkService;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.catalog.OidcIssuers;
import io.lakeshare.catalog.Token;
import io.lakeshare.catalog.TokenKind;
import io.lakeshare.catalog.TokenService;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.RecipientProfile;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recipient tokens: issued for one share or one recipient, listed without secrets, rotated and revoked by id. */
@Path("/api/admin/v1/tokens")
@AdminApi
@Tag(name = "tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminTokenResource {

    @Inject
    TokenService tokens;

    @Inject
    ActivationLinkService links;

    @Inject
    PublicEndpoint publicEndpoint;

    @Inject
    AuditTrail audit;

    @Inject
    OidcIssuers oidcIssuers;

    @POST
    @Operation(
            summary = "Create a token for a share, or for a recipient (every share granted to it);"
                    + " the response holds the secret and the profile, once")
    public Response create(CreateTokenRequest request, @Context UriInfo uri) {
        boolean forShare = request != null && present(request.share());
        boolean forRecipient = request != null && present(request.recipient());
        if (forShare == forRecipient) {
            throw LakeshareException.invalidParameter(
                    "Name the share or the recipient the token is for: {\"share\": \"...\"} or {\"recipient\": \"...\"}");
        }
        boolean oauth = Boolean.TRUE.equals(request.oauth());
        if (oauth && forShare) {
            throw LakeshareException.invalidParameter(
                    "OAuth clients are issued to recipients: {\"recipient\": \"...\", \"oauth\": true}");
        }
        String endpoint = publicEndpoint.forNewToken(uri.getBaseUri());
        if (request.oidc() != null) {
            if (forShare || oauth || Boolean.TRUE.equals(request.activationLink())) {
                throw LakeshareException.invalidParameter("An OIDC binding is issued to a recipient, alone:"
                        + " {\"recipient\": \"...\", \"oidc\": {\"issuer\": \"...\", \"subject\": \"...\"}}"
                        + " (no oauth, no activation link: it has no secret)");
            }
            IssuedToken binding = tokens.bindOidcSubject(
                    request.recipient(),
                    request.oidc().issuer(),
                    request.oidc().subject(),
                    Lifetimes.parse(request.expiresIn()),
                    request.description(),
                    endpoint);
            String issuer = request.oidc().issuer();
            return Response.status(Response.Status.CREATED)
                    .entity(CreatedTokenView.ofBinding(
                            binding,
                            RecipientProfile.oidcTemplate(
                                    binding.info(), oidcIssuers.tokenEndpoint(issuer), oidcIssuers.scope(issuer))))
                    .build();
        }
        if (Boolean.TRUE.equals(request.activationLink())) {
            ActivationLinkService.PendingToken pending = links.create(
                    forShare ? request.share() : null,
                    forShare ? null : request.recipient(),
                    Lifetimes.parse(request.expiresIn()),
                    request.description(),
                    endpoint,
                    oauth ? TokenKind.OAUTH_CLIENT : TokenKind.BEARER);
            return Response.status(Response.Status.CREATED)
                    .entity(PendingTokenView.of(pending))
                    .build();
        }
        IssuedToken issued = forShare
                ? tokens.create(request.share(), Lifetimes.parse(request.expiresIn()), request.description(), endpoint)
                : tokens.createForRecipient(
                        request.recipient(),
                        Lifetimes.parse(request.expiresIn()),
                        request.description(),
                        endpoint,
                        oauth ? TokenKind.OAUTH_CLIENT : TokenKind.BEARER);
        return Response.status(Response.Status.CREATED)
                .entity(CreatedTokenView.of(issued))
                .build();
    }

    @GET
    @Operation(summary = "List a share's tokens (?share=) or a recipient's (?recipient=), never their secrets")
    public Items<TokenView> list(@QueryParam("share") String share, @QueryParam("recipient") String recipient) {
        if (present(share) == present(recipient)) {
            throw LakeshareException.invalidParameter(
                    "Name the share or the recipient whose tokens to list: ?share=... or ?recipient=...");
        }
        List<Token> found = present(share) ? tokens.list(share) : tokens.listForRecipient(recipient);
        return new Items<>(found.stream().map(TokenView::of).toList());
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(
            summary = "Replace a token by a new one (secret and profile, once); the old secret keeps working"
                    + " for the grace period (default 24h), then it is refused")
    public Response rotate(@PathParam("id") String id, RotateTokenRequest request, @Context UriInfo uri) {
        TokenService.Rotation rotation = tokens.rotate(
                parseId(id),
                Lifetimes.grace(request == null ? null : request.grace()),
                publicEndpoint.forNewToken(uri.getBaseUri()));
        audit.current()
                .rotation(
                        rotation.replaced().id(), rotation.replacement().info().id());
        return Response.status(Response.Status.CREATED)
                .entity(RotatedTokenView.of(rotation.replacement(), rotation.replaced()))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token")
    public Response remove(@PathParam("id") String id) {
        tokens.remove(parseId(id));
        return Response.noContent().build();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw LakeshareException.invalidParameter(
                    "'" + id
                            + "' is not a token id; token ids are UUIDs (see 'lakeshare token list SHARE' or '--recipient NAME')");
        }
    }
}
