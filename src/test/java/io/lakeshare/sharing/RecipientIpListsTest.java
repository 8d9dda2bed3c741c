package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A recipient's IP access list: from outside its networks every request of its tokens is a 403
 * {@code PERMISSION_DENIED}, the server's own file URLs included; a recipient without one calls from
 * anywhere, and so does every share token. Without trusted proxies {@code X-Forwarded-For} is
 * ignored, so nobody can talk their way into a list. (The tests call from 127.0.0.1.)
 */
@QuarkusTest
class RecipientIpListsTest {

    static final String SHARING = "/_delta-sharing/v1";

    /** A recipient with these networks, granted a share of the demo table; its token's secret. */
    static String[] recipientWithToken(List<String> networks) {
        String recipient = uniqueName("ipr");
        admin().body(Map.of("name", recipient, "allowedNetworks", networks))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        String share = uniqueName("ips");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", share)
                .then()
                .statusCode(201);
        String secret = admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        return new String[] {recipient, share, secret};
    }

    static void networks(String recipient, List<String> allow, List<String> remove) {
        admin().body(Map.of("allowNetworks", allow, "removeNetworks", remove))
                .patch("/api/admin/v1/recipients/{r}", recipient)
                .then()
                .statusCode(200);
    }

    static String fileUrl(String secret, String share) {
        String answer = given().auth()
                .oauth2(secret)
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String line = Arrays.stream(answer.split("\n"))
                .filter(l -> l.startsWith("{\"file\""))
                .findFirst()
                .orElseThrow();
        String url = JsonPath.from(line).getString("file.url");
        return url.substring(url.indexOf("/_lakeshare/"));
    }

    static int fileStatus(String path) {
        return given().urlEncodingEnabled(false).get(path).then().extract().statusCode();
    }

    /** The file endpoint caches a URL holder's standing for revocation-cache-ttl (1 s in tests). */
    static int fileStatusSettled(String path, int expected) throws InterruptedException {
        int status = fileStatus(path);
        for (int i = 0; i < 50 && status != expected; i++) {
            Thread.sleep(100);
            status = fileStatus(path);
        }
        return status;
    }

    @Test
    void fromOutsideItsNetworksEveryRequestIsRefusedAndFromInsideServed() throws Exception {
        String[] r = recipientWithToken(List.of("10.0.0.0/8"));
        String recipient = r[0], share = r[1], secret = r[2];
        given().auth()
                .oauth2(secret)
                .get(SHARING + "/shares")
                .then()
                .statusCode(403)
                .body("errorCode", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("127.0.0.1"));
        given().auth()
                .oauth2(secret)
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(403);

        // Allowed at the next request on this replica: the access list rides on the token check.
        networks(recipient, List.of("127.0.0.0/8"), List.of());
        given().auth().oauth2(secret).get(SHARING + "/shares").then().statusCode(200);
        String url = fileUrl(secret, share);
        assertEquals(200, fileStatus(url));

        // Taken off the list: the API at once, the file URL handed out before within its cache's life.
        networks(recipient, List.of(), List.of("127.0.0.0/8"));
        given().auth().oauth2(secret).get(SHARING + "/shares").then().statusCode(403);
        assertEquals(403, fileStatusSettled(url, 403));
        given().urlEncodingEnabled(false)
                .get(url)
                .then()
                .body("errorCode", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("not allowed"));
    }

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        String secret = recipientWithToken(List.of("10.0.0.0/8"))[2];
        given().auth()
                .oauth2(secret)
                .header("X-Forwarded-For", "10.1.2.3")
                .get(SHARING + "/shares")
                .then()
                .statusCode(403);
    }

    @Test
    void aRecipientWithoutAListAndShareTokensCallFromAnywhere() {
        String secret = recipientWithToken(List.of())[2];
        given().auth().oauth2(secret).get(SHARING + "/shares").then().statusCode(200);
        String share = uniqueName("ipt");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        given().auth()
                .oauth2(createToken(share))
                .get(SHARING + "/shares")
                .then()
                .statusCode(200);
    }

    @Test
    void networksAreKeptInCanonicalFormAndNonsenseIsRefused() {
        String recipient = uniqueName("ipc");
        admin().body(Map.of("name", recipient, "allowedNetworks", List.of("10.1.2.3/8", "2001:DB8::1/32", "192.0.2.7")))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201)
                .body("allowedNetworks", contains("10.0.0.0/8", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32"));
        for (String nonsense :
                new String[] {"example.com", "10.0.0.0/33", "10.0.0/8", "1.2.3.256", "::/129", "10.0.0.0/", ""}) {
            admin().body(Map.of("name", uniqueName("ipn"), "allowedNetworks", List.of(nonsense)))
                    .post("/api/admin/v1/recipients")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        }
        admin().body(Map.of("removeNetworks", List.of("172.16.0.0/12")))
                .patch("/api/admin/v1/recipients/{r}", recipient)
                .then()
                .statusCode(404);
        admin().body(Map.of("allowNetworks", List.of("10.0.0.0/8"), "removeNetworks", List.of("10.0.0.0/8")))
                .patch("/api/admin/v1/recipients/{r}", recipient)
                .then()
                .statusCode(400);
        networks(recipient, List.of(), List.of("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"));
        admin().get("/api/admin/v1/recipients/{r}", recipient)
                .then()
                .statusCode(200)
                .body("allowedNetworks", empty());
    }
}
