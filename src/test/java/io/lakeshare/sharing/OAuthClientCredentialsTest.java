package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.catalog.AccessTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 client credentials (profile version 2): an OAuth client of a recipient exchanges its id and
 * secret at the token endpoint for short-lived access tokens, which are checked like bearer tokens;
 * the token endpoint speaks RFC 6749, errors included; removing the client ends its access tokens.
 */
@QuarkusTest
class OAuthClientCredentialsTest {

    private static final String SHARING = "/_delta-sharing/v1";
    private static final String TOKEN_ENDPOINT = "/_delta-sharing/oauth/token";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    AccessTokens accessTokens;

    private record Client(String id, String secret, String share, JsonPath created) {}

    private static Client oauthClient() {
        String recipient = uniqueName("oar");
        admin().body(Map.of("name", recipient))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        String share = uniqueName("oas");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", share)
                .then()
                .statusCode(201);
        JsonPath created = admin().body(Map.of("recipient", recipient, "oauth", true))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Client(created.getString("id"), created.getString("token"), share, created);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    }

    private static ValidatableResponse exchange(String authorization, String body) {
        var request = given().contentType(FORM).body(body);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.post(TOKEN_ENDPOINT).then();
    }

    private static String accessToken(Client client) {
        return exchange(basic(client.id(), client.secret()), "grant_type=client_credentials&scope=lakeshare")
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    @Test
    void anOAuthClientHasAVersionTwoProfile() {
        Client client = oauthClient();
        String kind = client.created().getString("kind");
        JsonPath profile = JsonPath.from(client.created().prettify()).setRootPath("profile");
        assertAll(
                () -> assertEquals("oauth", kind),
                () -> assertEquals(2, profile.getInt("shareCredentialsVersion")),
                () -> assertEquals("oauth_client_credentials", profile.getString("type")),
                () -> assertTrue(profile.getString("endpoint").endsWith(SHARING)),
                () -> assertTrue(profile.getString("tokenEndpoint").endsWith(TOKEN_ENDPOINT)),
                () -> assertEquals(client.id(), profile.getString("clientId")),
                () -> assertEquals(client.secret(), profile.getString("clientSecret")),
                () -> assertEquals("lakeshare", profile.getString("scope")),
                () -> assertNull(profile.get("bearerToken")));
    }

    @Test
    void theClientCredentialsGrantGivesAnAccessTokenThatReadsTheGrantedShares() {
        Client client = oauthClient();
        exchange(basic(client.id(), client.secret()), "grant_type=client_credentials")
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("access_token", startsWith("lsat"))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", allOf(greaterThan(3500), lessThanOrEqualTo(3600)))
                .body("scope", equalTo("lakeshare"));
        // The client may send its credentials in the form instead.
        String token = exchange(
                        null,
                        "grant_type=client_credentials&client_id=" + client.id() + "&client_secret=" + client.secret())
                .statusCode(200)
                .extract()
                .path("access_token");
        given().auth()
                .oauth2(token)
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", hasItem(client.share()));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + client.share() + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .body(containsString("{\"file\""));
    }

    @Test
    void theClientSecretIsNotABearerToken() {
        Client client = oauthClient();
        given().auth()
                .oauth2(client.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("OAuth client secret"));
    }

    @Test
    void aWrongClientIsInvalidClientWithTheChallengeForBasic() {
        Client client = oauthClient();
        String wrong = "dapi" + "0".repeat(64);
        exchange(basic(client.id(), wrong), "grant_type=client_credentials")
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("error", equalTo("invalid_client"))
                .body("error_description", containsString("Unknown client"));
        exchange(null, "grant_type=client_credentials&client_id=" + client.id() + "&client_secret=" + wrong)
                .statusCode(401)
                .header("WWW-Authenticate", nullValue())
                .body("error", equalTo("invalid_client"));
        exchange(basic(UUID.randomUUID().toString(), client.secret()), "grant_type=client_credentials")
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        exchange(basic("not-a-client", "x"), "grant_type=client_credentials").statusCode(401);
    }

    @Test
    void malformedTokenRequestsGetRfc6749Errors() {
        Client client = oauthClient();
        String auth = basic(client.id(), client.secret());
        exchange(auth, "").statusCode(400).body("error", equalTo("invalid_request"));
        exchange(auth, "grant_type=password").statusCode(400).body("error", equalTo("unsupported_grant_type"));
        exchange(auth, "grant_type=client_credentials&scope=admin")
                .statusCode(400)
                .body("error", equalTo("invalid_scope"));
        exchange(auth, "grant_type=client_credentials&grant_type=client_credentials")
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
        exchange(auth, "grant_type=client_credentials&client_id=" + client.id())
                .statusCode(400)
                .body("error_description", containsString("one way"));
        exchange(auth, "grant_type=%zz").statusCode(400).body("error", equalTo("invalid_request"));
        exchange("Bearer " + client.secret(), "grant_type=client_credentials").statusCode(400);
        exchange("Basic !!!", "grant_type=client_credentials").statusCode(400);
        exchange(null, "grant_type=client_credentials").statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType("application/json")
                .header("Authorization", auth)
                .body("{\"grant_type\":\"client_credentials\"}")
                .post(TOKEN_ENDPOINT)
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString(FORM));
        given().header("Authorization", auth).get(TOKEN_ENDPOINT).then().statusCode(405);
    }

    @Test
    void removingTheClientEndsItsAccessTokens() {
        Client client = oauthClient();
        String token = accessToken(client);
        given().auth().oauth2(token).get(SHARING + "/shares").then().statusCode(200);
        admin().delete("/api/admin/v1/tokens/{id}", client.id()).then().statusCode(204);
        given().auth()
                .oauth2(token)
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("message", containsString("removed"));
        exchange(basic(client.id(), client.secret()), "grant_type=client_credentials")
                .statusCode(401);
    }

    @Test
    void forgedAndExpiredAccessTokensAreRefused() {
        Client client = oauthClient();
        String token = accessToken(client);
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
        given().auth()
                .oauth2(forged)
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("message", containsString("not issued by this server"));
        String expired =
                accessTokens.issue(UUID.fromString(client.id()), Instant.now().minusSeconds(1));
        given().auth()
                .oauth2(expired)
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("message", containsString("expired"));
        // An access token names its client: one for a bearer token's id is refused.
        String bearerId = admin().body(Map.of("share", client.share()))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String misnamed =
                accessTokens.issue(UUID.fromString(bearerId), Instant.now().plusSeconds(600));
        given().auth().oauth2(misnamed).get(SHARING + "/shares").then().statusCode(401);
    }

    @Test
    void onlyRecipientsHaveOAuthClientsAndRotationKeepsTheKind() {
        Client client = oauthClient();
        admin().body(Map.of("share", client.share(), "oauth", true))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        JsonPath rotated = admin().body(Map.of("grace", "0s"))
                .post("/api/admin/v1/tokens/{id}/rotate", client.id())
                .then()
                .statusCode(201)
                .body("kind", equalTo("oauth"))
                .body("profile.type", equalTo("oauth_client_credentials"))
                .extract()
                .jsonPath();
        exchange(basic(client.id(), client.secret()), "grant_type=client_credentials")
                .statusCode(401);
        exchange(basic(rotated.getString("id"), rotated.getString("token")), "grant_type=client_credentials")
                .statusCode(200)
                .body("access_token", startsWith("lsat"));
    }
}
