package io.lakeshare.ops;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.lakeshare.Metrics.value;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Admin;
import io.lakeshare.Metrics;
import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.TokenService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What an operator scrapes: the server's own counters move with what recipients do. */
@QuarkusTest
class MetricsTest {

    private static final String RECIPIENT_SUCCESSES = "lakeshare_auth_total{api=\"recipient\",result=\"success\"}";
    private static final String RECIPIENT_FAILURES = "lakeshare_auth_total{api=\"recipient\",result=\"failure\"}";
    private static final String ADMIN_SUCCESSES = "lakeshare_auth_total{api=\"admin\",result=\"success\"}";
    private static final String ADMIN_FAILURES = "lakeshare_auth_total{api=\"admin\",result=\"failure\"}";
    private static final String TABLE = "/_delta-sharing/v1/shares/{share}/schemas/{schema}/tables/{table}";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private String scrape() {
        return Metrics.scrape(metrics);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests timed for this URI template and status, whatever the other labels (method, outcome). */
    private static double requests(String scrape, String uri, int status) {
        return scrape.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .filter(line -> line.contains("uri=\"" + uri + "\"") && line.contains("status=\"" + status + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void countersFollowRecipientsRequests() {
        String share = uniqueName("metrics");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String before = scrape();

        given().get("/_delta-sharing/v1/shares").then().statusCode(401);
        String url = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .split("\n")[2]
                .replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        given().urlEncodingEnabled(false)
                .get(url.substring(url.indexOf("/_lakeshare/")))
                .then()
                .statusCode(200);

        String after = scrape();
        assertTrue(value(after, RECIPIENT_FAILURES) >= value(before, RECIPIENT_FAILURES) + 1);
        assertTrue(value(after, RECIPIENT_SUCCESSES) >= value(before, RECIPIENT_SUCCESSES) + 1);
        assertTrue(value(after, "lakeshare_files_served_total") >= value(before, "lakeshare_files_served_total") + 5);
        assertTrue(value(after, "lakeshare_file_bytes_streamed_bytes_total")
                > value(before, "lakeshare_file_bytes_streamed_bytes_total"));
        // Each snapshot is loaded once (a miss), then found (hits): both series are there and counted.
        assertTrue(value(after, "lakeshare_snapshot_cache_total{result=\"miss\"}") >= 1);
        assertTrue(value(after, "lakeshare_snapshot_cache_total{result=\"hit\"}") >= 1);
        assertFalse(after.contains(token), "no token ever appears in metrics");
    }

    @Test
    void requestsAreTimedByUriTemplateAndStatusNeverByShareOrTable() {
        String share = uniqueName("timed");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String before = scrape();

        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/metadata")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/no_such_table/metadata")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/metadata?version=abc")
                .then()
                .statusCode(400);

        // A request is timed when its response ends, which can be just after the client has read it.
        String after = scrape();
        for (int i = 0;
                i < 50 && requests(after, TABLE + "/metadata", 400) <= requests(before, TABLE + "/metadata", 400);
                i++) {
            sleep(100);
            after = scrape();
        }
        assertEquals(requests(before, TABLE + "/metadata", 200) + 1, requests(after, TABLE + "/metadata", 200));
        assertEquals(requests(before, TABLE + "/metadata", 404) + 1, requests(after, TABLE + "/metadata", 404));
        assertEquals(requests(before, TABLE + "/metadata", 400) + 1, requests(after, TABLE + "/metadata", 400));
        assertFalse(after.contains(share), "no share name in any label");
        assertFalse(after.contains("no_such_table"), "no table name in any label");
    }

    @Test
    void serverErrorsAreTimedUnderTheirStatus() {
        String share = uniqueName("failing");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        // The catalog database goes away: token checks fail, and the server answers 500.
        QuarkusMock.installMockForType(
                new TokenService() {
                    @Override
                    public Bearer authenticate(String secret, String clientAddress) {
                        throw new IllegalStateException("the catalog database does not answer");
                    }
                },
                TokenService.class);
        String before = scrape();

        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share)
                .then()
                .statusCode(500);

        String after = scrape();
        String uri = "/_delta-sharing/v1/shares/{share}";
        assertEquals(requests(before, uri, 500) + 1, requests(after, uri, 500));
        assertTrue(
                Arrays.stream(after.split("\n"))
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                                && line.contains("outcome=\"SERVER_ERROR\"")
                                && line.contains("uri=\"" + uri + "\"")),
                "5xx are an outcome of their own");
    }

    @Test
    void adminCredentialChecksAreCountedApartFromRecipients() {
        String before = scrape();

        Admin.admin().get("/api/admin/v1/shares").then().statusCode(200);
        given().header("Authorization", "Bearer not-the-admin-token")
                .get("/api/admin/v1/shares")
                .then()
                .statusCode(401);
        given().get("/api/admin/v1/shares").then().statusCode(401);

        String after = scrape();
        assertEquals(value(before, ADMIN_SUCCESSES) + 1, value(after, ADMIN_SUCCESSES));
        assertEquals(value(before, ADMIN_FAILURES) + 2, value(after, ADMIN_FAILURES));
        assertEquals(
                value(before, RECIPIENT_FAILURES),
                value(after, RECIPIENT_FAILURES),
                "admin failures are not recipients'");
        assertFalse(after.contains(Admin.TOKEN), "no credential ever appears in metrics");
    }
}
