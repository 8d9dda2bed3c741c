package io.lakeshare.admin;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminTokensTest {

    @Test
    void aNewTokenComesWithItsProfileOnce() {
        String share = uniqueName("tok");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);

        JsonPath created = admin().body(Map.of("share", share, "description", "for the finance team"))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("token", matchesPattern("dapi[0-9a-f]{64}"))
                .body("expiresAt", nullValue())
                .body("profile.shareCredentialsVersion", equalTo(1))
                .body("profile.expirationTime", nullValue())
                .extract()
                .jsonPath();
        String secret = created.getString("token");
        assertEquals(secret, created.getString("profile.bearerToken"));
        assertTrue(created.getString("profile.endpoint").endsWith("/_delta-sharing/v1"));
        assertEquals(secret.substring(0, 10), created.getString("prefix"));

        String listed = admin().queryParam("share", share)
                .get("/api/admin/v1/tokens")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(created.getString("id")))
                .body("items[0].prefix", equalTo(secret.substring(0, 10)))
                .body("items[0].description", equalTo("for the finance team"))
                .extract()
                .asString();
        assertFalse(listed.contains(secret), "token listings never carry the secret");
    }

    @Test
    void expiringTokensCarryTheirExpiryInTheProfile() {
        String share = uniqueName("exp");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        JsonPath created = admin().body(Map.of("share", share, "expiresIn", "90d"))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .body("profile.expirationTime", notNullValue())
                .extract()
                .jsonPath();
        Instant expires = Instant.parse(created.getString("profile.expirationTime"));
        Duration left = Duration.between(Instant.now(), expires);
        assertTrue(
                left.compareTo(Duration.ofDays(89)) > 0 && left.compareTo(Duration.ofDays(90)) <= 0, left.toString());
    }

    @Test
    void badExpiriesAreRefused() {
        String share = uniqueName("badexp");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        for (String bad : new String[] {"90", "1y", "-5d", "0h", "soon"}) {
            admin().body(Map.of("share", share, "expiresIn", bad))
                    .post("/api/admin/v1/tokens")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                    .body("message", containsString("90d"));
        }
    }

    @Test
    void revokedTokensStopWorking() {
        String share = uniqueName("rev");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        String secret = io.lakeshare.Admin.createToken(share);
        String id = admin().queryParam("share", share)
                .get("/api/admin/v1/tokens")
                .then()
                .extract()
                .path("items[0].id");
        given().auth().oauth2(secret).get("/_delta-sharing/v1/shares").then().statusCode(200);

        admin().delete("/api/admin/v1/tokens/{id}", id).then().statusCode(204);

        given().auth()
                .oauth2(secret)
                .get("/_delta-sharing/v1/shares")
                .then()
                .statusCode(401)
                .body("message", containsString("unknown or has been revoked"));
        admin().delete("/api/admin/v1/tokens/{id}", id).then().statusCode(404);
        admin().delete("/api/admin/v1/tokens/{id}", "not-a-uuid").then().statusCode(400);
    }

    @Test
    void tokensForUnknownSharesAre404() {
        admin().body(Map.of("share", "no_such_share"))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        admin().queryParam("share", "no_such_share")
                .get("/api/admin/v1/tokens")
                .then()
                .statusCode(404);
    }
}
