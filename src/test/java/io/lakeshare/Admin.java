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

    /** Creates a recipient with a name no other test uses; returns the name. */
    public static String createRecipient(String stem) {
        String name = uniqueName(stem);
        admin().body(Map.of("name", name))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        return name;
    }

    /** The recipient's tokens see the share from their next request. */
    public static void grant(String share, String recipient) {
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", share)
                .then()
                .statusCode(201);
    }

    /** Creates a token for the recipient and returns its secret. */
    public static String createRecipientToken(String recipient) {
        return admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
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
