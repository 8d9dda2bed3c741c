package io.lakeshare.ops;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Admin;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator scrapes: the server's own counters move with what recipients do. */
@QuarkusTest
class MetricsTest {

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static final String RECIPIENT_SUCCESSES = "lakeshare_auth_total{api=\"recipient\",result=\"success\"}";
    private static final String RECIPIENT_FAILURES = "lakeshare_auth_total{api=\"recipient\",result=\"failure\"}";
    private static final String ADMIN_SUCCESSES = "lakeshare_auth_total{api=\"admin\",result=\"success\"}";
    private static final String ADMIN_FAILURES = "lakeshare_auth_total{api=\"admin\",result=\"failure\"}";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }

    @Test
    void countersFollowRecipientsRequests() {
        String share = uniqueName("metrics");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String before = scrape();

        given().get("/_delta-sharing/v1/shares").then().statusCode(401);
        String url = given().auth().oauth2(token).contentType("application/json").body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query").then().statusCode(200)
                .extract().asString().split("\n")[2].replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        given().urlEncodingEnabled(false).get(url.substring(url.indexOf("/_lakeshare/"))).then().statusCode(200);

        String after = scrape();
        assertTrue(value(after, RECIPIENT_FAILURES) >= value(before, RECIPIENT_FAILURES) + 1);
        assertTrue(value(after, RECIPIENT_SUCCESSES) >= value(before, RECIPIENT_SUCCESSES) + 1);
        assertTrue(value(after, "lakeshare_files_served_total") >= value(before, "lakeshare_files_served_total") + 5);
        assertTrue(value(after, "lakeshare_file_bytes_streamed_bytes_total") > value(before, "lakeshare_file_bytes_streamed_bytes_total"));
        assertTrue(after.contains("lakeshare_snapshot_cache_total{result=\"hit\"}"));
        assertTrue(after.contains("http_server_requests_seconds_count"), "request timers per endpoint");
        assertFalse(after.contains(token), "no token ever appears in metrics");
    }

    @Test
    void adminCredentialChecksAreCountedApartFromRecipients() {
        String before = scrape();

        Admin.admin().get("/api/admin/v1/shares").then().statusCode(200);
        given().header("Authorization", "Bearer not-the-admin-token").get("/api/admin/v1/shares").then().statusCode(401);
        given().get("/api/admin/v1/shares").then().statusCode(401);

        String after = scrape();
        assertEquals(value(before, ADMIN_SUCCESSES) + 1, value(after, ADMIN_SUCCESSES));
        assertEquals(value(before, ADMIN_FAILURES) + 2, value(after, ADMIN_FAILURES));
        assertEquals(value(before, RECIPIENT_FAILURES), value(after, RECIPIENT_FAILURES), "admin failures are not recipients'");
        assertFalse(after.contains(Admin.TOKEN), "no credential ever appears in metrics");
    }
}
