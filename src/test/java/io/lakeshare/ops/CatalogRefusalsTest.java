package io.lakeshare.ops;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value the catalog database refuses is the caller's error, never an outage of the catalog. */
@QuarkusTest
class CatalogRefusalsTest {

    @TestHTTPResource(value = "/health", management = true)
    URL health;

    @Test
    void anIdempotencyKeyTooLongToStoreIsA400AndTheCatalogStaysReady() {
        String share = uniqueName("refused");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String query = "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query";
        given().auth()
                .oauth2(token)
                .header("delta-sharing-capabilities", "asyncquery=true")
                .contentType("application/json")
                .body(Map.of("idempotencyKey", "k".repeat(300)))
                .post(query)
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        given().get(health + "/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
        given().auth()
                .oauth2(token)
                .header("delta-sharing-capabilities", "asyncquery=true")
                .contentType("application/json")
                .body(Map.of("idempotencyKey", "k".repeat(20)))
                .post(query)
                .then()
                .statusCode(200);
    }
}
