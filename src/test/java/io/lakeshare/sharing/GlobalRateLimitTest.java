package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Metrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica-wide limit counts every recipient request together, whichever token sends it. */
@QuarkusTest
@TestProfile(GlobalRateLimitTest.LowGlobalLimit.class)
class GlobalRateLimitTest {

    public static class LowGlobalLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakeshare.rate-limit.global", "5", "lakeshare.rate-limit.per-token", "0");
        }
    }

    private static final String GLOBAL_REFUSALS = "lakeshare_requests_rate_limited_total{limit=\"global\"}";
    private static final String TOKEN_REFUSALS = "lakeshare_requests_rate_limited_total{limit=\"token\"}";

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private double counted(String series) {
        return Metrics.value(Metrics.scrape(metrics), series);
    }

    @Test
    void manyTokensTogetherReachTheGlobalLimit() {
        double globalBefore = counted(GLOBAL_REFUSALS);
        double tokenBefore = counted(TOKEN_REFUSALS);
        String share = uniqueName("global");
        createShare(share, "s", "employees:delta:demo:employees/").statusCode(201);
        String[] tokens = {createToken(share), createToken(share), createToken(share)};
        Response refused = null;
        int served = 0;
        for (int i = 0; i < 60 && refused == null; i++) {
            Response response = given().auth().oauth2(tokens[i % tokens.length]).get("/_delta-sharing/v1/shares");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                served++;
            }
        }
        assertNotNull(refused, "the global limit never applied");
        assertTrue(served >= 5, "a burst of five is served first, whoever sends it");
        refused.then()
                .header("Retry-After", "1")
                .body("errorCode", equalTo("RESOURCE_EXHAUSTED"))
                .body("message", containsString("lakeshare.rate-limit.global"));
        assertTrue(counted(GLOBAL_REFUSALS) >= globalBefore + 1, "the refusal is counted under limit=\"global\"");
        assertEquals(tokenBefore, counted(TOKEN_REFUSALS), "and not as a token's");
    }
}
