package io.lakeshare.ops;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createRecipient;
import static io.lakeshare.Admin.createRecipientToken;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.grant;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Metrics;
import io.lakeshare.catalog.UsageEntity;
import io.lakeshare.catalog.UsageService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A recipient's usage, per table: its successful requests, the files its answers listed, the bytes
 * answered, and the data files it fetched through the server's URLs with their bytes; first and
 * last seen. Counted by each replica and added to hourly rows in the catalog, summed over the
 * recipient's tokens; refused requests and other holders' reads are not its usage.
 */
@QuarkusTest
class UsageAccountingTest {

    private static final String SHARING = "/_delta-sharing/v1";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    UsageService usage;

    private record Share(String name, String recipient, String token) {}

    private static Share grantedShare() {
        String recipient = createRecipient("use");
        String share = uniqueName("us");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        grant(share, recipient);
        return new Share(share, recipient, createRecipientToken(recipient));
    }

    private static JsonPath usageOf(String recipient) {
        return admin().get("/api/admin/v1/recipients/{r}/usage", recipient)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The query's file lines, as {url, size}. */
    private static List<JsonPath> query(Share s, String table) {
        String answer = given().auth()
                .oauth2(s.token())
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + s.name() + "/schemas/hr/tables/" + table + "/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<JsonPath> files = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (line.startsWith("{\"file\"")) {
                files.add(JsonPath.from(line));
            }
        }
        return files;
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/_lakeshare/"));
    }

    @Test
    void requestsFilesAndDownloadsAreCountedPerTable() {
        Share s = grantedShare();
        given().auth()
                .oauth2(s.token())
                .get(SHARING + "/shares/" + s.name() + "/schemas/hr/tables/employees/metadata")
                .then()
                .statusCode(200);
        List<JsonPath> files = query(s, "employees");
        assertEquals(5, files.size());
        long downloaded = 0;
        for (JsonPath file : files.subList(0, 2)) {
            byte[] body = given().urlEncodingEnabled(false)
                    .get(path(file.getString("file.url")))
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertEquals(file.getLong("file.size"), body.length);
            downloaded += body.length;
        }
        // A HEAD fetches nothing; a refused request is no one's usage.
        given().urlEncodingEnabled(false)
                .head(path(files.get(2).getString("file.url")))
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(s.token())
                .get(SHARING + "/shares/" + s.name() + "/schemas/hr/tables/nope/metadata")
                .then()
                .statusCode(404);

        JsonPath used = usageOf(s.recipient());
        assertEquals(1, used.getList("tables").size(), used.prettify());
        assertEquals(s.name(), used.getString("tables[0].share"));
        assertEquals("hr", used.getString("tables[0].schema"));
        assertEquals("employees", used.getString("tables[0].table"));
        assertEquals(2, used.getLong("tables[0].requests"));
        assertEquals(5, used.getLong("tables[0].files"));
        assertTrue(used.getLong("tables[0].responseBytes") > 0);
        assertEquals(2, used.getLong("tables[0].downloads"));
        assertEquals(downloaded, used.getLong("tables[0].downloadBytes"));
        Instant first = Instant.parse(used.getString("tables[0].firstSeen"));
        Instant last = Instant.parse(used.getString("tables[0].lastSeen"));
        assertFalse(last.isBefore(first));
        assertTrue(Duration.between(last, Instant.now()).abs().toMinutes() < 5);
    }

    @Test
    void laterRequestsAddToTheSameRowsWhateverCaseTheyNameTheTableIn() {
        Share s = grantedShare();
        query(s, "employees");
        assertEquals(1, usageOf(s.recipient()).getLong("tables[0].requests"));
        query(s, "EMPLOYEES");
        query(s, "employees");
        JsonPath used = usageOf(s.recipient());
        assertEquals(1, used.getList("tables").size(), used.prettify());
        assertEquals("employees", used.getString("tables[0].table"));
        assertEquals(3, used.getLong("tables[0].requests"));
        assertEquals(15, used.getLong("tables[0].files"));
        long rows = QuarkusTransaction.requiringNew().call(() -> UsageEntity.count("shareName", s.name()));
        assertEquals(1, rows, "one row per token, table and hour");
    }

    @Test
    void aShareTokensReadsAreNotARecipientsUsage() {
        Share s = grantedShare();
        String shareToken = createToken(s.name());
        given().auth()
                .oauth2(shareToken)
                .get(SHARING + "/shares/" + s.name() + "/schemas/hr/tables/employees/version")
                .then()
                .statusCode(200);
        admin().get("/api/admin/v1/recipients/{r}/usage", s.recipient())
                .then()
                .statusCode(200)
                .body("tables", empty());
        long counted = QuarkusTransaction.requiringNew()
                .call(() -> UsageEntity.count("shareName = ?1 and recipientId is null", s.name()));
        assertEquals(1, counted, "the share token's read is kept, under no recipient");
    }

    @Test
    void anUnknownRecipientHasNoUsage() {
        admin().get("/api/admin/v1/recipients/{r}/usage", "nobody-" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("errorCode", org.hamcrest.Matchers.equalTo("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void hoursPastTheRetentionArePruned() {
        UUID token = UUID.randomUUID();
        String share = uniqueName("old");
        Instant now = Instant.now();
        Instant old = UsageService.hourOf(now.minus(Duration.ofDays(100)));
        Instant recent = UsageService.hourOf(now);
        usage.add(
                List.of(
                        new UsageService.TableCounts(old, token, share, "hr", "t", 1, 0, 10, old, old),
                        new UsageService.TableCounts(recent, token, share, "hr", "t", 1, 0, 10, now, now)),
                List.of());
        assertEquals(1, usage.prune(UsageService.hourOf(now.minus(Duration.ofDays(90)))));
        long left = QuarkusTransaction.requiringNew().call(() -> UsageEntity.count("shareName", share));
        assertEquals(1, left);
    }

    @Test
    void metricsCountRequestsAndFilesWithNoLabelARequestNames() {
        Share s = grantedShare();
        String before = Metrics.scrape(metrics);
        query(s, "employees");
        query(s, "EMPLOYEES");
        String after = Metrics.scrape(metrics);
        assertEquals(
                2.0,
                Metrics.value(after, "lakeshare_usage_requests_total")
                        - Metrics.value(before, "lakeshare_usage_requests_total"));
        assertEquals(
                10.0,
                Metrics.value(after, "lakeshare_usage_files_total")
                        - Metrics.value(before, "lakeshare_usage_files_total"));
        assertFalse(after.contains(s.name()), "no share name in any label");
        assertFalse(after.contains("EMPLOYEES"), "no table name, in any spelling");
        assertFalse(after.contains("lakeshare_usage_requests_total{"), "no per-recipient series by default");
    }
}
