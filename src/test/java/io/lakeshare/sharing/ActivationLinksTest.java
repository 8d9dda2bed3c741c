package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A token created with an activation link is handed over by that link, once: the admin's answer holds
 * no secret; a GET of the link shows it without spending it; a POST spends it and answers the profile;
 * a used, expired or revoked link says so.
 */
@QuarkusTest
class ActivationLinksTest {

    private static final String SHARING = "/_delta-sharing/v1";

    private static String share() {
        String share = uniqueName("act");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        return share;
    }

    private static JsonPath pending(Map<String, Object> request) {
        return admin().body(request)
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .body("token", nullValue())
                .body("profile", nullValue())
                .body("activationLink", containsString("/_delta-sharing/activate/lsac"))
                .body("activationLinkExpiresAt", notNullValue())
                .extract()
                .jsonPath();
    }

    private static String path(String link) {
        return link.substring(link.indexOf("/_delta-sharing/activate/"));
    }

    @Test
    void theLinkGivesTheProfileOnceAndALookDoesNotSpendIt() {
        String share = share();
        String link =
                path(pending(Map.of("share", share, "activationLink", true)).getString("activationLink"));

        given().get(link).then().statusCode(200).body("expiresAt", notNullValue());
        given().get(link).then().statusCode(200);
        JsonPath profile = given().post(link)
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("profile.share"))
                .header("Cache-Control", "no-store")
                .body("shareCredentialsVersion", equalTo(1))
                .body("bearerToken", startsWith("dapi"))
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(profile.getString("bearerToken"))
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", hasItem(share));

        given().post(link)
                .then()
                .statusCode(410)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"))
                .body("message", containsString("was used at"));
        given().get(link).then().statusCode(410);
    }

    @Test
    void anOAuthClientsLinkGivesAVersionTwoProfile() {
        String recipient = uniqueName("actr");
        admin().body(Map.of("name", recipient))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        String link = path(pending(Map.of("recipient", recipient, "oauth", true, "activationLink", true))
                .getString("activationLink"));
        given().post(link)
                .then()
                .statusCode(200)
                .body("shareCredentialsVersion", equalTo(2))
                .body("type", equalTo("oauth_client_credentials"))
                .body("clientSecret", startsWith("dapi"));
    }

    @Test
    void anExpiredUnknownOrRevokedLinkSaysSo() throws InterruptedException {
        String share = share();
        // The link lives no longer than its token.
        String expiring = path(pending(Map.of("share", share, "activationLink", true, "expiresIn", "1s"))
                .getString("activationLink"));
        Thread.sleep(1500);
        given().post(expiring).then().statusCode(410).body("message", containsString("expired"));

        given().post("/_delta-sharing/activate/lsac" + "0".repeat(64))
                .then()
                .statusCode(404)
                .body("message", containsString("Unknown activation link"));
        given().post("/_delta-sharing/activate/nonsense").then().statusCode(404);

        JsonPath revoked = pending(Map.of("share", share, "activationLink", true));
        admin().delete("/api/admin/v1/tokens/{id}", revoked.getString("id"))
                .then()
                .statusCode(204);
        given().post(path(revoked.getString("activationLink"))).then().statusCode(404);
    }

    @Test
    void ofTwoActivationsAtOnceOneWins() throws Exception {
        String link =
                path(pending(Map.of("share", share(), "activationLink", true)).getString("activationLink"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Integer> post =
                        () -> given().post(link).then().extract().statusCode();
                answers.add(pool.submit(post));
            }
            int won = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 200) {
                    won++;
                } else {
                    assertEquals(410, status);
                }
            }
            assertEquals(1, won, "exactly one activation hands out the profile");
        } finally {
            pool.shutdownNow();
        }
    }
}
