package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Metrics;
import io.lakeshare.errors.ErrorMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** A token over its request rate gets 429 with Retry-After and the protocol's error body; others go on. */
@QuarkusTest
@TestProfile(RateLimitTest.LowPerTokenLimit.class)
class RateLimitTest {

    public static class LowPerTokenLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakeshare.rate-limit.per-token", "5");
        }
    }

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    /** Sends requests until one is refused; a burst of five is always served first. */
    static Response firstRefusal(String token, int served) {
        for (int i = 0; i < 50; i++) {
            Response response = given().auth().oauth2(token).get("/_delta-sharing/v1/shares");
            if (response.statusCode() == 429) {
                assertTrue(i >= served, "refused after only " + i + " requests");
                return response;
            }
        }
        throw new AssertionError("no request was refused");
    }

    @Test
    void aTokenOverItsLimitIsToldToRetryLaterWhileOthersAreServed() {
        String share = uniqueName("limited");
        createShare(share, "s", "employees:delta:demo:employees/").statusCode(201);
        String busy = createToken(share);
        String quiet = createToken(share);
        double refusalsBefore = counted(TOKEN_REFUSALS);

        firstRefusal(busy, 5)
                .then()
                .header("Retry-After", "1")
                .body("errorCode", equalTo("RESOURCE_EXHAUSTED"))
                .body("message", containsString("lakeshare.rate-limit.per-token"));
        given().auth().oauth2(quiet).get("/_delta-sharing/v1/shares").then().statusCode(200);

        assertTrue(counted(TOKEN_REFUSALS) >= refusalsBefore + 1, "the refusal is counted under limit=\"token\"");
    }

    private static final String TOKEN_REFUSALS = "lakeshare_requests_rate_limited_total{limit=\"token\"}";

    private double counted(String series) {
        return Metrics.value(Metrics.scrape(metrics), series);
    }

    @Test
    void refusalsAreCountedNotLoggedOneByOne() {
        String share = uniqueName("flood");
        createShare(share, "s", "employees:delta:demo:employees/").statusCode(201);
        String flooding = createToken(share);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    logged.add(((ExtLogRecord) record).getFormattedMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ErrorMapper.class.getName());
        logger.addHandler(capture);
        try {
            firstRefusal(flooding, 5);
            int refused = 1;
            for (int i = 0; i < 20; i++) {
                if (given().auth()
                                .oauth2(flooding)
                                .get("/_delta-sharing/v1/shares")
                                .statusCode()
                        == 429) {
                    refused++;
                }
            }
            assertTrue(refused > 10, "the flood was refused (" + refused + " times)");
        } finally {
            logger.removeHandler(capture);
        }
        assertTrue(
                logged.stream().noneMatch(line -> line.contains(" 429 ")),
                "a log line per refused request, e.g. "
                        + logged.stream().findFirst().orElse(""));
    }
}
