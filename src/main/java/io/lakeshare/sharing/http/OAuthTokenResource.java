package io.lakeshare.sharing.http;

import io.lakeshare.catalog.TokenService;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.EchoedInput;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.errors.OAuthError;
import io.lakeshare.ops.LakeshareMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth2 token endpoint of version-2 profiles: the client credentials grant (RFC 6749 section
 * 4.4). The client authenticates with HTTP Basic or with {@code client_id} and {@code client_secret}
 * in the form, never both; refusals are RFC 6749's {@code {"error", "error_description"}}. Failed
 * client authentications are charged to the same budgets as bad bearer tokens.
 */
@Path(PublicEndpoint.OAUTH_TOKEN_PATH)
public class OAuthTokenResource {

    /** What version-2 profiles name as their scope; a request may leave it out. */
    private static final String SCOPE = PublicEndpoint.OAUTH_SCOPE;

    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    TokenService tokens;

    @Inject
    RateLimitFilters limits;

    @Inject
    ClientAddress client;

    @Inject
    LakeshareMetrics metrics;

    /** A client and its secret, as the request presented them. */
    private record Credentials(String id, String secret, boolean basic) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        limits.checkAddress();
        if (!isForm(contentType)) {
            throw OAuthError.invalidRequest("Send the token request as " + FORM);
        }
        Map<String, String> form = form(body == null ? "" : body);
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthError.invalidRequest(
                    "The grant_type parameter is missing; this endpoint serves client_credentials");
        }
        if (!grantType.equals("client_credentials")) {
            throw new OAuthError(
                    OAuthError.Code.UNSUPPORTED_GRANT_TYPE,
                    "Only the client_credentials grant is served here, not '" + EchoedInput.shown(grantType) + "'");
        }
        String scope = form.get("scope");
        if (scope != null && !scope.isEmpty() && !scope.strip().equals(SCOPE)) {
            throw new OAuthError(OAuthError.Code.INVALID_SCOPE, "The only scope served is '" + SCOPE + "'");
        }
        Credentials credentials = credentials(authorization, form);
        TokenService.AccessGrant grant;
        try {
            grant = tokens.exchange(credentials.id(), credentials.secret(), client.current());
        } catch (OAuthError e) {
            metrics.authenticated(LakeshareMetrics.Api.RECIPIENT, false);
            LakeshareException limited = limits.chargeFailure(LakeshareException.unauthenticated(e.getMessage()));
            if (limited.status() == 429) {
                throw limited;
            }
            throw credentials.basic() ? e.withBasicChallenge() : e;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", grant.accessToken());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", grant.expiresInSeconds());
        answer.put("scope", SCOPE);
        return Response.ok(answer)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private static boolean isForm(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.valueOf(FORM));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static Credentials credentials(String authorization, Map<String, String> form) {
        boolean inForm = form.containsKey("client_id") || form.containsKey("client_secret");
        if (authorization != null && !authorization.isBlank()) {
            if (inForm) {
                throw OAuthError.invalidRequest("Authenticate the client one way: HTTP Basic or the form, not both");
            }
            String value = authorization.strip();
            int space = value.indexOf(' ');
            if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
                throw OAuthError.invalidRequest("Authenticate the client with HTTP Basic (client_id:client_secret)");
            }
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(value.substring(space + 1).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidRequest("The Basic credentials are not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthError.invalidRequest("The Basic credentials must be client_id:client_secret");
            }
            // RFC 6749 2.3.1: both are form-encoded before they are joined.
            return new Credentials(decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1)), true);
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
            throw OAuthError.invalidRequest(
                    "Authenticate the client: HTTP Basic, or client_id and client_secret in the form");
        }
        return new Credentials(id, secret, false);
    }

    /** The form's parameters; each at most once (RFC 6749 3.2). */
    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isBlank()) {
            return out;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(name, value) != null) {
                throw OAuthError.invalidRequest(
                        "The parameter '" + EchoedInput.shown(name) + "' is given more than once");
            }
        }
        return out;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("The form is not URL-encoded: " + EchoedInput.shown(text));
        }
    }
}
