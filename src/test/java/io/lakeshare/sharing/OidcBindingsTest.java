package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * OIDC bindings through the admin API, and how the recipient API answers JWTs before any identity
 * provider is reached (the specs with a real one are the Python ones, against Keycloak): a binding
 * is a recipient's token without a secret whose answer is a profile template; it is unique per
 * issuer and subject, named by a configured issuer, never rotated; a JWT of an untrusted issuer is a
 * 401, one of an issuer whose keys cannot be fetched a 503 with Retry-After.
 */
@QuarkusTest
class OidcBindingsTest {

    private static final String TOKENS = "/api/admin/v1/tokens";
    private static final String ISSUER = "http://127.0.0.1:9/realms/none";

    private static String recipient() {
        String name = uniqueName("oidc");
        admin().body(Map.of("name", name))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        return name;
    }

    private static Map<String, Object> binding(String recipient, String issuer, String subject) {
        return Map.of("recipient", recipient, "oidc", Map.of("issuer", issuer, "subject", subject));
    }

    private static String jwt(String issuer) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("lakeshare");
        claims.setSubject("partner-service");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void aBindingIsARecipientsTokenWithoutSecretAnsweredWithAProfileTemplate() {
        String recipient = recipient();
        String subject = uniqueName("subject");
        String id = admin().body(binding(recipient, "unreachable-idp", subject))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .body("kind", equalTo("oidc"))
                .body("recipient", equalTo(recipient))
                .body("oidcIssuer", equalTo("unreachable-idp"))
                .body("oidcSubject", equalTo(subject))
                .body("token", nullValue())
                .body("profile.shareCredentialsVersion", equalTo(2))
                .body("profile.type", equalTo("oauth_client_credentials"))
                .body("profile.endpoint", containsString("/_delta-sharing/v1"))
                // Its discovery document cannot be read: the recipient fills the token endpoint in too.
                .body("profile.tokenEndpoint", equalTo("<your identity provider's token endpoint>"))
                .body("profile.clientId", equalTo("<your client id>"))
                .body("profile.clientSecret", equalTo("<your client secret>"))
                .body("profile.bearerToken", nullValue())
                .extract()
                .path("id");
        admin().queryParam("recipient", recipient)
                .get(TOKENS)
                .then()
                .statusCode(200)
                .body("items.kind", hasItem("oidc"))
                .body("items.oidcSubject", hasItem(subject));

        admin().body(binding(recipient(), "unreachable-idp", subject))
                .post(TOKENS)
                .then()
                .statusCode(409)
                .body("message", containsString("already bound"));
        admin().body(Map.of())
                .post(TOKENS + "/" + id + "/rotate")
                .then()
                .statusCode(400)
                .body("message", containsString("no secret to rotate"));
        admin().delete(TOKENS + "/" + id).then().statusCode(204);
        admin().body(binding(recipient, "unreachable-idp", subject))
                .post(TOKENS)
                .then()
                .statusCode(201);
    }

    @Test
    void aBindingNamesAConfiguredIssuerARecipientAndASubject() {
        String recipient = recipient();
        admin().body(binding(recipient, "nobody", "s"))
                .post(TOKENS)
                .then()
                .statusCode(400)
                .body(
                        "message",
                        allOf(
                                containsString("'nobody' is not a configured OIDC issuer"),
                                containsString("unreachable-idp")));
        admin().body(binding(recipient, "unreachable-idp", " "))
                .post(TOKENS)
                .then()
                .statusCode(400)
                .body("message", containsString("Name the subject"));
        admin().body(binding(recipient, "unreachable-idp", "x".repeat(256)))
                .post(TOKENS)
                .then()
                .statusCode(400);
        admin().body(Map.of(
                        "recipient",
                        recipient,
                        "oauth",
                        true,
                        "oidc",
                        Map.of("issuer", "unreachable-idp", "subject", "s")))
                .post(TOKENS)
                .then()
                .statusCode(400)
                .body("message", containsString("no oauth, no activation link"));
        admin().body(Map.of("share", "whatever", "oidc", Map.of("issuer", "unreachable-idp", "subject", "s")))
                .post(TOKENS)
                .then()
                .statusCode(400);
    }

    @Test
    void jwtsAreAnsweredBeforeAnyKeyIsFetchedWhenTheirIssuerIsNotTrusted() throws Exception {
        given().header("Authorization", "Bearer " + jwt("https://idp.example.com/realms/elsewhere"))
                .get("/_delta-sharing/v1/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("'https://idp.example.com/realms/elsewhere' is not trusted"));
        given().header("Authorization", "Bearer eyJub3QganNvbg.eyJ4.c2ln")
                .get("/_delta-sharing/v1/shares")
                .then()
                .statusCode(401)
                .body("message", containsString("not a readable JWT"));
    }

    @Test
    void aJwtOfAnIssuerWhoseKeysCannotBeFetchedIsTemporarilyUnavailable() throws Exception {
        String jwt = jwt(ISSUER);
        for (int i = 0; i < 2; i++) { // the second within the refetch interval: answered without trying
            given().header("Authorization", "Bearer " + jwt)
                    .get("/_delta-sharing/v1/shares")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", not(nullValue()))
                    .body("errorCode", equalTo("TEMPORARILY_UNAVAILABLE"))
                    .body("message", containsString("unreachable-idp cannot be fetched"))
                    .body("message", not(containsString(jwt)));
        }
    }
}
