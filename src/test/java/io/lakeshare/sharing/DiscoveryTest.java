package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a recipient sees through the protocol's discovery endpoints. */
@QuarkusTest
class DiscoveryTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String V1 = "/_delta-sharing/v1";

    private String share;
    private String token;

    @BeforeEach
    void shareWithTwoSchemas() {
        share = uniqueName("Sales");
        createShare(share, "West", "orders:delta:analytics:west/orders/", "customers:delta:analytics:west/customers/")
                .statusCode(201);
        admin().body(Map.of("add", List.of("east:orders:delta:analytics:east/orders/")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
        token = createToken(share);
    }

    private RequestSpecification recipient() {
        return given().auth().oauth2(token);
    }

    @Test
    void aRecipientListsOnlyItsOwnShare() {
        String other = uniqueName("other");
        createShare(other, "s", "t:delta:bucket1:t/").statusCode(201);

        recipient()
                .get(V1 + "/shares")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("items", hasSize(1))
                .body("items[0].name", equalTo(share))
                .body("items[0].id", matchesPattern(UUID))
                .body("$", not(hasKey("nextPageToken")));
        recipient()
                .get(V1 + "/shares/{s}", share.toLowerCase())
                .then()
                .statusCode(200)
                .body("share.name", equalTo(share))
                .body("share.id", matchesPattern(UUID));
    }

    @Test
    void otherSharesLookMissingNotForbidden() {
        String other = uniqueName("other");
        createShare(other, "s", "t:delta:bucket1:t/").statusCode(201);
        for (String path : List.of(
                "/shares/" + other,
                "/shares/" + other + "/schemas",
                "/shares/" + other + "/all-tables",
                "/shares/" + other + "/schemas/s/tables",
                "/shares/nonexistent/schemas")) {
            JsonPath error = recipient()
                    .get(V1 + path)
                    .then()
                    .statusCode(404)
                    .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"))
                    .extract()
                    .jsonPath();
            // The message is the same whether or not the share exists.
            assertEquals(
                    error.getString("message").replace(other, "X").replace("nonexistent", "X"),
                    "Share 'X' does not exist, or is not shared with you");
        }
        recipient()
                .get(V1 + "/shares/{s}/schemas/{sc}/tables", share, "nope")
                .then()
                .statusCode(404);
    }

    @Test
    void schemasAndTablesAreListedWithIds() {
        String shareId =
                recipient().get(V1 + "/shares/{s}", share).then().extract().path("share.id");

        recipient()
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("east", "West")))
                .body("items.share", everyItem(equalTo(share)));

        recipient()
                .get(V1 + "/shares/{s}/schemas/{sc}/tables", share.toUpperCase(), "WEST")
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("customers", "orders")))
                .body("items.schema", everyItem(equalTo("West")))
                .body("items.share", everyItem(equalTo(share)))
                .body("items.shareId", everyItem(equalTo(shareId)))
                .body("items.id", everyItem(matchesPattern(UUID)));

        recipient()
                .get(V1 + "/shares/{s}/all-tables", share)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("orders", "customers", "orders")))
                .body("items.schema", equalTo(List.of("east", "West", "West")))
                .body("$", not(hasKey("nextPageToken")));
    }

    @Test
    void pagesWalkTheWholeListingAndTheLastOneHasNoToken() {
        List<String> seen = new ArrayList<>();
        String pageToken = null;
        int pages = 0;
        do {
            RequestSpecification request = recipient().queryParam("maxResults", 1);
            if (pageToken != null) {
                request.queryParam("pageToken", pageToken);
            }
            JsonPath page = request.get(V1 + "/shares/{s}/all-tables", share)
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(1))
                    .extract()
                    .jsonPath();
            seen.add(page.getString("items[0].schema") + "." + page.getString("items[0].name"));
            pageToken = page.getString("nextPageToken");
            if (pageToken != null) {
                assertEquals(pageToken, pageToken.replaceAll("[^A-Za-z0-9_.-]", ""), "page tokens are URL-safe");
            }
            pages++;
        } while (pageToken != null && pages < 10);
        assertEquals(List.of("east.orders", "West.customers", "West.orders"), seen);
    }

    @Test
    void schemaListingsPageToo() {
        String next = recipient()
                .queryParam("maxResults", 1)
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("east")))
                .extract()
                .path("nextPageToken");
        recipient()
                .queryParam("maxResults", 1)
                .queryParam("pageToken", next)
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("West")))
                .body("$", not(hasKey("nextPageToken")));
        // maxResults=0 returns no items, and a token to carry on from the start.
        String fromStart = recipient()
                .queryParam("maxResults", 0)
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .extract()
                .path("nextPageToken");
        recipient()
                .queryParam("pageToken", fromStart)
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(200)
                .body("items.name", equalTo(List.of("east", "West")));
    }

    @Test
    void tamperedOrMisusedPageTokensAreRefused() {
        String next = recipient()
                .queryParam("maxResults", 1)
                .get(V1 + "/shares/{s}/all-tables", share)
                .then()
                .extract()
                .path("nextPageToken");
        String tampered = (next.charAt(0) == 'A' ? 'B' : 'A') + next.substring(1);
        recipient()
                .queryParam("pageToken", tampered)
                .get(V1 + "/shares/{s}/all-tables", share)
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("pageToken"));
        // A token of one listing is no good for another.
        recipient()
                .queryParam("pageToken", next)
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(400);
        recipient()
                .queryParam("pageToken", "garbage!!")
                .get(V1 + "/shares/{s}/schemas", share)
                .then()
                .statusCode(400);
    }

    @Test
    void badMaxResultsAreInvalidParameters() {
        recipient()
                .queryParam("maxResults", -1)
                .get(V1 + "/shares")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("maxResults"));
        recipient()
                .queryParam("maxResults", "ten")
                .get(V1 + "/shares")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        recipient()
                .queryParam("maxResults", 1_000_000)
                .get(V1 + "/shares/{s}/all-tables", share)
                .then()
                .statusCode(200)
                .body("items", hasSize(3));
    }

    @Test
    void missingUnknownAndMalformedTokensAre401WithAJsonBody() {
        given().get(V1 + "/shares")
                .then()
                .statusCode(401)
                .contentType(containsString("application/json"))
                .body("errorCode", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("Bearer"));
        given().auth()
                .oauth2("dapi" + "0".repeat(64))
                .get(V1 + "/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"));
        given().auth()
                .oauth2("not-a-token")
                .get(V1 + "/shares/{s}", share)
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic " + token)
                .get(V1 + "/shares")
                .then()
                .statusCode(401);
        // Lower-case scheme names are fine.
        given().header("Authorization", "bearer " + token)
                .get(V1 + "/shares")
                .then()
                .statusCode(200);
    }

    @Test
    void expiredTokensAre401() throws InterruptedException {
        String shortLived = createToken(share, "1s");
        given().auth().oauth2(shortLived).get(V1 + "/shares").then().statusCode(anyOf200or401());
        Thread.sleep(2100);
        given().auth()
                .oauth2(shortLived)
                .get(V1 + "/shares")
                .then()
                .statusCode(401)
                .body("message", startsWith("The bearer token expired at"));
    }

    private static org.hamcrest.Matcher<Integer> anyOf200or401() {
        // A one-second token may already be gone by the first call on a slow machine.
        return org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(401));
    }

    @Test
    void unknownEndpointsAre404InTheProtocolShape() {
        recipient()
                .get(V1 + "/nothing-here")
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void lastUseIsRecorded() {
        recipient().get(V1 + "/shares").then().statusCode(200);
        admin().queryParam("share", share)
                .get("/api/admin/v1/tokens")
                .then()
                .body("items[0].lastUsedAt", org.hamcrest.Matchers.notNullValue());
    }
}
