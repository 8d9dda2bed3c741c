package io.lakeshare.admin;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owner's recipients, grants and rotation through the admin API, and the OpenAPI that describes them. */
@QuarkusTest
class AdminRecipientsTest {

    private static final String RECIPIENTS = "/api/admin/v1/recipients";

    private static void createRecipient(String name, Map<String, Object> body) {
        admin().body(withName(name, body)).post(RECIPIENTS).then().statusCode(201);
    }

    private static Map<String, Object> withName(String name, Map<String, Object> body) {
        Map<String, Object> all = new java.util.HashMap<>(body);
        all.put("name", name);
        return all;
    }

    @Test
    void aRecipientIsCreatedListedChangedAndRemoved() {
        String name = uniqueName("partner");
        admin().body(Map.of("name", name, "description", "the finance team", "properties", Map.of("country", "nl")))
                .post(RECIPIENTS)
                .then()
                .statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("name", equalTo(name))
                .body("description", equalTo("the finance team"))
                .body("properties.country", equalTo("nl"))
                .body("shares", empty())
                .body("tokens", equalTo(0));

        admin().get(RECIPIENTS).then().statusCode(200).body("items.name", hasItem(name));
        admin().get(RECIPIENTS + "/{r}", name.toUpperCase())
                .then()
                .statusCode(200)
                .body("name", equalTo(name));

        admin().body(Map.of("properties", Map.of("region", "emea"), "removeProperties", List.of("country")))
                .patch(RECIPIENTS + "/{r}", name)
                .then()
                .statusCode(200)
                .body("properties.region", equalTo("emea"))
                .body("properties.country", nullValue())
                .body("description", equalTo("the finance team"));
        admin().body(Map.of("description", "finance, EMEA"))
                .patch(RECIPIENTS + "/{r}", name)
                .then()
                .statusCode(200)
                .body("description", equalTo("finance, EMEA"))
                .body("properties.region", equalTo("emea"));

        admin().delete(RECIPIENTS + "/{r}", name).then().statusCode(204);
        admin().get(RECIPIENTS + "/{r}", name)
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        admin().get(RECIPIENTS).then().body("items.name", not(hasItem(name)));
    }

    @Test
    void badRecipientsAreRefusedNamingWhatIsWrong() {
        String name = uniqueName("dup");
        createRecipient(name, Map.of());
        admin().body(Map.of("name", name.toUpperCase()))
                .post(RECIPIENTS)
                .then()
                .statusCode(409)
                .body("errorCode", equalTo("RESOURCE_ALREADY_EXISTS"));
        admin().body(Map.of("name", "no spaces"))
                .post(RECIPIENTS)
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("recipient name"));
        admin().body(Map.of("name", uniqueName("p"), "properties", Map.of("bad key", "x")))
                .post(RECIPIENTS)
                .then()
                .statusCode(400)
                .body("message", containsString("property name"));
        admin().body(Map.of("name", uniqueName("p"), "properties", Map.of("k", "x".repeat(1025))))
                .post(RECIPIENTS)
                .then()
                .statusCode(400)
                .body("message", containsString("1024"));
        admin().body(Map.of("removeProperties", List.of("absent")))
                .patch(RECIPIENTS + "/{r}", name)
                .then()
                .statusCode(404)
                .body("message", containsString("absent"));
        for (String hostile : List.of(
                "{\"properties\": \"x\"}",
                "{\"properties\": {\"k\": null}}",
                "{\"properties\": {\"k\": [1]}}",
                "{\"removeProperties\": [null]}",
                "{\"removeProperties\": \"k\"}",
                "{\"description\": {}}",
                "[]")) {
            admin().body(hostile)
                    .patch(RECIPIENTS + "/{r}", name)
                    .then()
                    .statusCode(400)
                    .body("errorCode", org.hamcrest.Matchers.notNullValue())
                    .body("message", org.hamcrest.Matchers.notNullValue());
        }
        for (String hostile : List.of("{\"recipient\": null}", "{\"recipient\": {}}", "5")) {
            admin().body(hostile)
                    .post("/api/admin/v1/shares/{s}/recipients", uniqueName("nosuch"))
                    .then()
                    .statusCode(400);
        }
        admin().get(RECIPIENTS + "/{r}", uniqueName("never"))
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        given().get(RECIPIENTS).then().statusCode(401);
    }

    @Test
    void grantsAreListedOnTheRecipientAndRefusedTwice() {
        String recipient = uniqueName("granted");
        String a = uniqueName("ga");
        String b = uniqueName("gb");
        createShare(a, "s", "t:delta:bucket1:t/").statusCode(201);
        createShare(b, "s", "t:delta:bucket1:t/").statusCode(201);
        createRecipient(recipient, Map.of());

        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", b)
                .then()
                .statusCode(201)
                .body("shares", contains(b));
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", a)
                .then()
                .statusCode(201)
                .body("shares", contains(a, b));
        admin().body(Map.of("recipient", recipient))
                .post("/api/admin/v1/shares/{s}/recipients", a)
                .then()
                .statusCode(409)
                .body("errorCode", equalTo("RESOURCE_ALREADY_EXISTS"));
        admin().body(Map.of("recipient", uniqueName("nobody")))
                .post("/api/admin/v1/shares/{s}/recipients", a)
                .then()
                .statusCode(404)
                .body("message", containsString("Recipient"));

        admin().get("/api/admin/v1/shares/{s}", a).then().statusCode(200).body("recipients", contains(recipient));
        admin().delete("/api/admin/v1/shares/{s}/recipients/{r}", a, recipient)
                .then()
                .statusCode(200)
                .body("shares", contains(b));
        admin().get("/api/admin/v1/shares/{s}", a).then().statusCode(200).body("recipients", empty());
        admin().delete("/api/admin/v1/shares/{s}/recipients/{r}", a, recipient)
                .then()
                .statusCode(404)
                .body("message", containsString("is not granted"));

        // Removing a share takes it from its recipients too.
        admin().delete("/api/admin/v1/shares/{s}", b).then().statusCode(204);
        admin().get(RECIPIENTS + "/{r}", recipient).then().statusCode(200).body("shares", empty());
    }

    @Test
    void aRecipientsTokensAreIssuedListedAndGoWithIt() {
        String recipient = uniqueName("holder");
        createRecipient(recipient, Map.of());
        JsonPath created = admin().body(Map.of("recipient", recipient, "expiresIn", "90d", "description", "main"))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .body("recipient", equalTo(recipient))
                .body("share", nullValue())
                .body("token", matchesPattern("dapi[0-9a-f]{64}"))
                .body("profile.shareCredentialsVersion", equalTo(1))
                .extract()
                .jsonPath();
        String listed = admin().queryParam("recipient", recipient)
                .get("/api/admin/v1/tokens")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(created.getString("id")))
                .body("items[0].recipient", equalTo(recipient))
                .extract()
                .asString();
        assertFalse(listed.contains(created.getString("token")), "listings never carry the secret");
        admin().get(RECIPIENTS + "/{r}", recipient).then().body("tokens", equalTo(1));

        admin().body(Map.of("share", "x", "recipient", recipient))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(400)
                .body("message", containsString("share or the recipient"));
        admin().body(Map.of("recipient", uniqueName("nobody")))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(404);
        admin().get("/api/admin/v1/tokens").then().statusCode(400);

        admin().delete(RECIPIENTS + "/{r}", recipient).then().statusCode(204);
        given().auth()
                .oauth2(created.getString("token"))
                .get("/_delta-sharing/v1/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aRotatedTokenNamesItsReplacementAndKeepsItsLifetime() {
        String share = uniqueName("rot");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        JsonPath old = admin().body(Map.of("share", share, "expiresIn", "30d", "description", "nightly job"))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();

        JsonPath rotated = admin().body(Map.of("grace", "1h"))
                .post("/api/admin/v1/tokens/{id}/rotate", old.getString("id"))
                .then()
                .statusCode(201)
                .body("replaces", equalTo(old.getString("id")))
                .body("share", equalTo(share))
                .body("description", equalTo("nightly job"))
                .body("token", matchesPattern("dapi[0-9a-f]{64}"))
                .extract()
                .jsonPath();
        assertEquals(rotated.getString("token"), rotated.getString("profile.bearerToken"));
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(rotated.getString("expiresAt")));
        assertTrue(lifetime.compareTo(Duration.ofDays(29)) > 0, "a new 30-day lifetime: " + lifetime);
        Duration grace = Duration.between(Instant.now(), Instant.parse(rotated.getString("replacedExpiresAt")));
        assertTrue(
                grace.compareTo(Duration.ofMinutes(59)) > 0 && grace.compareTo(Duration.ofHours(1)) <= 0,
                grace.toString());

        admin().queryParam("share", share)
                .get("/api/admin/v1/tokens")
                .then()
                .body("items", hasSize(2))
                .body(
                        "items.find { it.id == '" + old.getString("id") + "' }.replacedBy",
                        equalTo(rotated.getString("id")));
        admin().body(Map.of())
                .post("/api/admin/v1/tokens/{id}/rotate", old.getString("id"))
                .then()
                .statusCode(409)
                .body("message", containsString(rotated.getString("id")));
        admin().body(Map.of("grace", "soon"))
                .post("/api/admin/v1/tokens/{id}/rotate", rotated.getString("id"))
                .then()
                .statusCode(400)
                .body("message", containsString("grace period"));
        admin().body(Map.of())
                .post("/api/admin/v1/tokens/{id}/rotate", "00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404);
    }

    @Test
    void theOpenApiDocumentDescribesRecipientsGrantsAndRotation() {
        String doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String path : List.of(
                "/api/admin/v1/recipients",
                "/api/admin/v1/recipients/{recipient}",
                "/api/admin/v1/shares/{share}/recipients",
                "/api/admin/v1/shares/{share}/recipients/{recipient}",
                "/api/admin/v1/tokens/{id}/rotate")) {
            assertTrue(doc.contains("\"" + path + "\""), path);
        }
    }
}
