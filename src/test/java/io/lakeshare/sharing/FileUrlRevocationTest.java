package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's own signed file URLs are revoked with the token they were issued to: removing the
 * token, or its share, or the token expiring, refuses them within
 * {@code lakeshare.storage.revocation-cache-ttl} (1 s in the test profile), long before the URL's
 * own expiry.
 */
@QuarkusTest
class FileUrlRevocationTest {

    /** The cache window of the test profile, and time for a request or two beyond it. */
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private static final Duration SLACK = Duration.ofSeconds(2);

    private record Issued(String id, String secret) {}

    private static Issued token(String share, String expiresIn) {
        Map<String, Object> body =
                expiresIn == null ? Map.of("share", share) : Map.of("share", share, "expiresIn", expiresIn);
        JsonPath created = admin().body(body)
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Issued(created.getString("id"), created.getString("token"));
    }

    /** The path and query of a data file's URL, as a query with the token answers it. */
    private static String fileUrl(String share, Issued token) {
        String body = given().auth()
                .oauth2(token.secret())
                .contentType("application/json")
                .body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String line = Arrays.stream(body.split("\n"))
                .filter(l -> l.startsWith("{\"file\""))
                .findFirst()
                .orElseThrow();
        String url = JsonPath.from(line).getString("file.url");
        assertTrue(url.contains("/_lakeshare/v1/files/"), url);
        return url.substring(url.indexOf("/_lakeshare/"));
    }

    private static int status(String path) {
        return given().urlEncodingEnabled(false).get(path).then().extract().statusCode();
    }

    /** Asks until the URL is refused, at most the window and the slack; how long that took. */
    private static Duration untilRefused(String path) throws InterruptedException {
        long start = System.nanoTime();
        while (status(path) == 200) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(waited.compareTo(WINDOW.plus(SLACK)) < 0, "still served after " + waited);
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void assertRefusedAsRevoked(String path) {
        given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(403)
                .body("errorCode", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("revoked"));
        given().urlEncodingEnabled(false).head(path).then().statusCode(403);
        given().urlEncodingEnabled(false)
                .header("Range", "bytes=0-3")
                .get(path)
                .then()
                .statusCode(403);
    }

    private static String demoShare() {
        String share = uniqueName("revoked");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        return share;
    }

    @Test
    void aRemovedTokensFileUrlsAreRefusedWithinTheCacheWindow() throws Exception {
        String share = demoShare();
        Issued doomed = token(share, null);
        Issued kept = token(share, null);
        String revokedUrl = fileUrl(share, doomed);
        String keptUrl = fileUrl(share, kept);
        given().urlEncodingEnabled(false).get(revokedUrl).then().statusCode(200);

        admin().delete("/api/admin/v1/tokens/" + doomed.id()).then().statusCode(204);

        untilRefused(revokedUrl);
        assertRefusedAsRevoked(revokedUrl);
        given().urlEncodingEnabled(false).get(keptUrl).then().statusCode(200);
    }

    @Test
    void aRemovedSharesFileUrlsAreRefusedWithinTheCacheWindow() throws Exception {
        String share = demoShare();
        Issued token = token(share, null);
        String url = fileUrl(share, token);
        given().urlEncodingEnabled(false).get(url).then().statusCode(200);

        admin().delete("/api/admin/v1/shares/" + share).then().statusCode(204);

        untilRefused(url);
        assertRefusedAsRevoked(url);
    }

    @Test
    void anExpiredTokensFileUrlsAreRefusedThoughTheUrlIsStillValid() throws Exception {
        String share = demoShare();
        Issued token = token(share, "3s");
        String url = fileUrl(share, token);
        given().urlEncodingEnabled(false).get(url).then().statusCode(200);
        while (given().auth()
                        .oauth2(token.secret())
                        .get("/_delta-sharing/v1/shares")
                        .then()
                        .extract()
                        .statusCode()
                == 200) {
            Thread.sleep(100);
        }
        // The token's expiry is checked at every request, whatever the cache holds.
        assertRefusedAsRevoked(url);
    }
}
