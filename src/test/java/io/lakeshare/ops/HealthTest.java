package io.lakeshare.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The probes a Kubernetes kubelet calls, on the management port, never on the recipients' port. */
@QuarkusTest
class HealthTest {

    @TestHTTPResource(value = "/health", management = true)
    URL health;

    @Test
    void readinessChecksDatabaseStorageAndPublicEndpoint() {
        given().get(health + "/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("database"))
                .body("checks.find { it.name == 'database' }.data.database", equalTo("answers and stores writes"))
                .body("checks.name", hasItem("storage"))
                .body("checks.name", hasItem("public-endpoint"))
                .body("checks.find { it.name == 'storage' }.data.local", containsString("is readable"))
                // The test profile sets no public endpoint: nothing to check, and it says so.
                .body("checks.find { it.name == 'public-endpoint' }.data.check", startsWith("skipped"));
    }

    @Test
    void livenessDependsOnNothingOutside() {
        given().get(health + "/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("public-endpoint")))
                .body("checks.name", not(hasItem("storage")));
    }

    @Test
    void startupProbeAnswers() {
        given().get(health + "/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void probesAreNotOnTheRecipientsPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }
}
