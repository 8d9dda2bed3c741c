package io.lakeshare.catalog;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Token checks are reused for {@code lakeshare.auth.token-cache-ttl} (PT3S in the test profile), and
 * what that must never change: revocations through this server, share removal and expiry take effect at
 * the next request; a revocation this server is not told of (made through another replica) within the
 * time to live.
 */
@QuarkusTest
class TokenCheckCachingTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final String SHARES = "/_delta-sharing/v1/shares";

    @Test
    void removingTheShareRefusesItsTokensAtTheNextRequest() {
        String share = uniqueName("gone");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        String secret = createToken(share);
        given().auth().oauth2(secret).get(SHARES).then().statusCode(200);

        admin().delete("/api/admin/v1/shares/{name}", share).then().statusCode(204);

        given().auth()
                .oauth2(secret)
                .get(SHARES)
                .then()
                .statusCode(401)
                .body("message", containsString("unknown or has been revoked"));
    }

    @Test
    void aTokenThatExpiresWhileItsCheckIsCachedIsRefusedAtOnce() throws InterruptedException {
        String share = uniqueName("exp");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        JsonPath created = issue(share, Map.of("expiresIn", "2s"));
        String secret = created.getString("token");
        Instant expiresAt = Instant.parse(created.getString("expiresAt"));
        given().auth().oauth2(secret).get(SHARES).then().statusCode(200);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 100);

        given().auth().oauth2(secret).get(SHARES).then().statusCode(401).body("message", containsString("expired"));
    }

    @Test
    void aTokenRevokedBehindThisServersBackIsRefusedWithinTheTimeToLive() throws InterruptedException {
        String share = uniqueName("elsewhere");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        JsonPath created = issue(share, Map.of());
        String secret = created.getString("token");
        given().auth().oauth2(secret).get(SHARES).then().statusCode(200);

        // What another replica's revocation looks like from here: the row is gone, no event came.
        Instant revoked = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> TokenEntity.deleteById(UUID.fromString(created.getString("id"))));

        int status = 200;
        while (status == 200 && Duration.between(revoked, Instant.now()).compareTo(TTL.plusSeconds(2)) < 0) {
            status = given().auth().oauth2(secret).get(SHARES).then().extract().statusCode();
            Thread.sleep(50);
        }
        assertTrue(status == 401, "still answered " + status + " " + Duration.between(revoked, Instant.now()));
    }

    private static JsonPath issue(String share, Map<String, String> options) {
        Map<String, String> body = new HashMap<>(options);
        body.put("share", share);
        return admin().body(body)
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }
}
