package io.lakeshare;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The owner's side of the tests: admin API calls with the test profile's admin token. */
public final class Admin {

    public static final String TOKEN = "test-admin-token";

    private Admin() {}

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    /** A share name no other test uses. */
    public static String uniqueName(String stem) {
        return stem + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse createShare(String name, String schema, String... tables) {
        return admin().body(Map.of(
                        "name", name, "schema", schema, "tables", List.of(tables), "description", "made by a test"))
                .post("/api/admin/v1/shares")
                .then();
    }

    /** Creates a token for the share and returns its secret. */
    public static String createToken(String share) {
        return createToken(share, null);
    }

    public static String createToken(String share, String expiresIn) {
        Map<String, Object> body =
                expiresIn == null ? Map.of("share", share) : Map.of("share", share, "expiresIn", expiresIn);
        return admin().body(body)
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }
}
