package io.lakeshare.ops;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createRecipient;
import static io.lakeshare.Admin.createRecipientToken;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.grant;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lakeshare.Metrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code lakeshare.usage.metrics-per-recipient} on, the usage series are labelled by the
 * recipient's id (never its name, a share or a table: those come from requests), share tokens' reads
 * under one label of their own, and there is no unlabelled series beside them.
 */
@QuarkusTest
@TestProfile(UsageMetricsPerRecipientTest.PerRecipient.class)
class UsageMetricsPerRecipientTest {

    public static class PerRecipient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakeshare.usage.metrics-per-recipient", "true");
        }
    }

    private static final String SHARING = "/_delta-sharing/v1";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private static void query(String token, String share) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post(SHARING + "/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200);
    }

    private static String idOf(String recipient) {
        return admin().get("/api/admin/v1/recipients/{r}", recipient)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static String series(String name, String recipient) {
        return name + "{recipient=\"" + recipient + "\"}";
    }

    @Test
    void eachRecipientHasItsOwnSeriesByIdAndShareTokensShareOne() {
        String share = uniqueName("pr");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String ada = createRecipient("ada");
        String bob = createRecipient("bob");
        grant(share, ada);
        grant(share, bob);
        String adaToken = createRecipientToken(ada);
        String bobToken = createRecipientToken(bob);
        String shareToken = createToken(share);
        String before = Metrics.scrape(metrics);

        query(adaToken, share);
        query(adaToken, share);
        query(bobToken, share);
        query(shareToken, share);

        String after = Metrics.scrape(metrics);
        String adaId = idOf(ada);
        String bobId = idOf(bob);
        assertEquals(2.0, Metrics.value(after, series("lakeshare_usage_requests_total", adaId)), after);
        assertEquals(10.0, Metrics.value(after, series("lakeshare_usage_files_total", adaId)));
        assertEquals(1.0, Metrics.value(after, series("lakeshare_usage_requests_total", bobId)));
        assertEquals(5.0, Metrics.value(after, series("lakeshare_usage_files_total", bobId)));
        assertEquals(
                1.0,
                Metrics.value(after, series("lakeshare_usage_requests_total", "share-token"))
                        - Metrics.value(before, series("lakeshare_usage_requests_total", "share-token")));
        assertFalse(after.contains("lakeshare_usage_requests_total "), "no unlabelled series beside them");
        assertFalse(after.contains(ada), "no recipient name in any label");
        assertFalse(after.contains(share), "no share name in any label");
    }
}
