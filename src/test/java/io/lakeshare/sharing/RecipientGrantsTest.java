package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.catalog.GrantEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A recipient's one token reaches every share granted to it, as the grants stand at each request:
 * a grant is visible at the next request, a revocation refuses the share at the next request (and
 * the server's own file URLs of it within {@code lakeshare.storage.revocation-cache-ttl}), and a
 * rotated token's old secret works through its grace period and is refused after it.
 */
@QuarkusTest
class RecipientGrantsTest {

    private static final String SHARING = "/_delta-sharing/v1";

    private record Issued(String id, String secret) {}

    private static String recipient() {
        String name = uniqueName("rcp");
        admin().body(Map.of("name", name))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        return name;
    }

    private static String share(String schema) {
        String name = uniqueName("rs");
        createShare(name, schema, "employees:delta:demo:employees/").statusCode(201);
        return name;
    }

    private static void grant(String share, String recipient) {
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", share)
                .then()
                .statusCode(201);
    }

    private static void revoke(String share, String recipient) {
        admin().delete("/api/admin/v1/shares/{s}/recipients/{r}", share, recipient)
                .then()
                .statusCode(200);
    }

    private static Issued token(String recipient) {
        JsonPath created = admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Issued(created.getString("id"), created.getString("token"));
    }

    private static String query(String secret, String share, String schema) {
        return given().auth()
                .oauth2(secret)
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + share + "/schemas/" + schema + "/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String fileUrl(String queryAnswer) {
        String line = Arrays.stream(queryAnswer.split("\n"))
                .filter(l -> l.startsWith("{\"file\""))
                .findFirst()
                .orElseThrow();
        String url = JsonPath.from(line).getString("file.url");
        return url.substring(url.indexOf("/_lakeshare/"));
    }

    private static int fileStatus(String path) {
        return given().urlEncodingEnabled(false).get(path).then().extract().statusCode();
    }

    @Test
    void oneTokenListsAndReadsEveryGrantedShareAndNoOther() {
        String recipient = recipient();
        String hr = share("hr");
        String sales = share("sales");
        String other = share("hr");
        grant(hr, recipient);
        grant(sales, recipient);
        Issued token = token(recipient);

        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder(hr, sales));
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares/" + sales + "/all-tables")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].share", equalTo(sales))
                .body("items[0].schema", equalTo("sales"));
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares/" + hr + "/schemas/hr/tables/employees/version")
                .then()
                .statusCode(200);
        assertTrue(query(token.secret(), hr, "hr").contains("{\"file\""));
        assertTrue(query(token.secret(), sales, "sales").contains("{\"file\""));

        // A share not granted is as missing as one that does not exist, on every endpoint.
        for (String path : new String[] {
            "/shares/" + other,
            "/shares/" + other + "/schemas",
            "/shares/" + other + "/all-tables",
            "/shares/" + other + "/schemas/hr/tables",
            "/shares/" + other + "/schemas/hr/tables/employees/version",
            "/shares/" + other + "/schemas/hr/tables/employees/metadata"
        }) {
            given().auth()
                    .oauth2(token.secret())
                    .get(SHARING + path)
                    .then()
                    .statusCode(404)
                    .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"))
                    .body("message", containsString("not shared with you"));
        }
        given().auth()
                .oauth2(token.secret())
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + other + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(404);
    }

    @Test
    void aGrantIsVisibleAndARevocationRefusedAtTheNextRequest() {
        String recipient = recipient();
        String hr = share("hr");
        Issued token = token(recipient);
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items", empty());

        grant(hr, recipient);
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder(hr));
        query(token.secret(), hr, "hr");

        revoke(hr, recipient);
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items", empty());
        given().auth()
                .oauth2(token.secret())
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + hr + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));

        // Removing the recipient revokes the token itself.
        admin().delete("/api/admin/v1/recipients/{r}", recipient).then().statusCode(204);
        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aRevocationMadeThroughAnotherReplicaIsSeenAtTheNextRequestToo() {
        String recipient = recipient();
        String hr = share("hr");
        grant(hr, recipient);
        Issued token = token(recipient);
        query(token.secret(), hr, "hr");

        // What another replica's revocation looks like from here: the row is gone, no event came.
        QuarkusTransaction.requiringNew()
                .run(() -> GrantEntity.delete("share.name = ?1 and recipient.name = ?2", hr, recipient));

        given().auth()
                .oauth2(token.secret())
                .get(SHARING + "/shares/" + hr + "/schemas")
                .then()
                .statusCode(404);
    }

    @Test
    void theServersFileUrlsOfARevokedShareAreRefusedAndOthersStillServed() throws Exception {
        String recipient = recipient();
        String hr = share("hr");
        String sales = share("sales");
        grant(hr, recipient);
        grant(sales, recipient);
        Issued token = token(recipient);
        String revokedUrl = fileUrl(query(token.secret(), hr, "hr"));
        String keptUrl = fileUrl(query(token.secret(), sales, "sales"));
        assertEquals(200, fileStatus(revokedUrl));

        revoke(hr, recipient);

        Instant start = Instant.now();
        while (fileStatus(revokedUrl) == 200) {
            assertTrue(
                    Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0,
                    "still served after the revocation cache window");
            Thread.sleep(50);
        }
        given().urlEncodingEnabled(false)
                .get(revokedUrl)
                .then()
                .statusCode(403)
                .body("errorCode", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("taken back"));
        assertEquals(200, fileStatus(keptUrl));

        // Granted again, new URLs of the share work again (within the window), old ones too.
        grant(hr, recipient);
        String again = fileUrl(query(token.secret(), hr, "hr"));
        start = Instant.now();
        while (fileStatus(again) != 200) {
            assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0, "still refused");
            Thread.sleep(50);
        }
    }

    @Test
    void aRotatedTokensOldSecretWorksThroughItsGraceAndIsRefusedAfter() throws Exception {
        String recipient = recipient();
        String hr = share("hr");
        grant(hr, recipient);
        Issued old = token(recipient);
        given().auth().oauth2(old.secret()).get(SHARING + "/shares").then().statusCode(200);

        JsonPath rotated = admin().body(Map.of("grace", "2s"))
                .post("/api/admin/v1/tokens/{id}/rotate", old.id())
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fresh = rotated.getString("token");
        Instant graceEnds = Instant.parse(rotated.getString("replacedExpiresAt"));

        given().auth()
                .oauth2(old.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder(hr));
        given().auth()
                .oauth2(fresh)
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder(hr));
        query(fresh, hr, "hr");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), graceEnds).toMillis()) + 100);

        given().auth()
                .oauth2(old.secret())
                .get(SHARING + "/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("rotated"));
        given().auth().oauth2(fresh).get(SHARING + "/shares").then().statusCode(200);
    }

    @Test
    void aShareTokenRotatesToo() {
        String share = share("hr");
        JsonPath created = admin().body(Map.of("share", share))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fresh = admin().body(Map.of("grace", "0s"))
                .post("/api/admin/v1/tokens/{id}/rotate", created.getString("id"))
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        given().auth()
                .oauth2(created.getString("token"))
                .get(SHARING + "/shares")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(fresh)
                .get(SHARING + "/shares")
                .then()
                .statusCode(200)
                .body("items.name", containsInAnyOrder(share));
    }
}
