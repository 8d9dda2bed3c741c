package io.lakeshare.sharing;

import static io.lakeshare.sharing.RecipientIpListsTest.SHARING;
import static io.lakeshare.sharing.RecipientIpListsTest.recipientWithToken;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (here: the tests' own address) the client is the nearest address of
 * {@code X-Forwarded-For} that is not a trusted proxy, read from the right: what a client writes at
 * the left of the header is not believed.
 */
@QuarkusTest
@TestProfile(RecipientIpListsBehindProxyTest.BehindAProxy.class)
class RecipientIpListsBehindProxyTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakeshare.http.trusted-proxies", "127.0.0.1/32,192.168.7.0/24");
        }
    }

    private static int status(String secret, String forwardedFor) {
        return given().auth()
                .oauth2(secret)
                .header("X-Forwarded-For", forwardedFor)
                .get(SHARING + "/shares")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void theClientIsTheNearestUntrustedHop() {
        String[] r = recipientWithToken(List.of("10.0.0.0/8"));
        String share = r[1], secret = r[2];
        assertAll(
                () -> assertEquals(200, status(secret, "10.1.2.3")),
                // another trusted proxy between: skipped
                () -> assertEquals(200, status(secret, "10.1.2.3, 192.168.7.20")),
                // the client claimed an address at the left; the proxy appended the real one
                () -> assertEquals(403, status(secret, "10.9.9.9, 203.0.113.5")),
                () -> assertEquals(200, status(secret, "203.0.113.5, 10.1.2.3")),
                // a mangled hop is nobody's address
                () -> assertEquals(403, status(secret, "10.1.2.3, not-an-address")),
                // no header: the peer itself, which is not in the list
                () -> assertEquals(
                        403,
                        given().auth()
                                .oauth2(secret)
                                .get(SHARING + "/shares")
                                .then()
                                .extract()
                                .statusCode()));

        String url = given().auth()
                .oauth2(secret)
                .header("X-Forwarded-For", "10.1.2.3")
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String path = fileUrlOf(url);
        given().urlEncodingEnabled(false)
                .header("X-Forwarded-For", "10.1.2.3")
                .get(path)
                .then()
                .statusCode(200);
        given().urlEncodingEnabled(false)
                .header("X-Forwarded-For", "203.0.113.5")
                .get(path)
                .then()
                .statusCode(403);
    }

    private static String fileUrlOf(String answer) {
        String line = Arrays.stream(answer.split("\n"))
                .filter(l -> l.startsWith("{\"file\""))
                .findFirst()
                .orElseThrow();
        String url = JsonPath.from(line).getString("file.url");
        return url.substring(url.indexOf("/_lakeshare/"));
    }
}
