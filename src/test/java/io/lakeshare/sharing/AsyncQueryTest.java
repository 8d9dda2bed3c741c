package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Asynchronous queries: a query id at once, then its status, then its result, paged. */
@QuarkusTest
class AsyncQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String share;
    private String token;
    private String base;

    @BeforeEach
    void shareTheDemoTable() {
        share = uniqueName("async");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        token = createToken(share);
        base = "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees";
    }

    private Response start(Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .header("delta-sharing-capabilities", "asyncquery=true")
                .contentType("application/json")
                .body(body)
                .post(base + "/query");
    }

    private Response poll(String id, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post(base + "/queries/" + id);
    }

    private static List<JsonNode> lines(Response response) throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : response.asString().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** Polls until the answer is no longer a status line; returns the answer. */
    private List<JsonNode> result(String id, Map<String, Object> body) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<JsonNode> lines = lines(poll(id, body)
                    .then()
                    .statusCode(200)
                    .header("Delta-Table-Version", org.hamcrest.Matchers.notNullValue())
                    .extract()
                    .response());
            if (!lines.get(0).has("queryStatus")) {
                return lines;
            }
            assertEquals("pending", lines.get(0).at("/queryStatus/status").asText());
            Thread.sleep(100);
        }
        throw new AssertionError("the query did not finish");
    }

    @Test
    void aQueryIdComesAtOnceAndTheResultWhenReady() throws Exception {
        Response started = start(Map.of("idempotencyKey", "k1"));
        started.then()
                .statusCode(200)
                .header("delta-sharing-capabilities", "asyncquery=true")
                .header("Delta-Table-Version", "0");
        List<JsonNode> status = lines(started);
        assertEquals(1, status.size());
        String id = status.get(0).at("/queryStatus/queryId").asText();
        assertEquals("pending", status.get(0).at("/queryStatus/status").asText());

        List<JsonNode> result = result(id, Map.of());
        assertTrue(result.get(0).has("protocol") && result.get(1).has("metaData"));
        assertEquals(2 + 5, result.size());

        List<JsonNode> firstPage = result(id, Map.of("maxFiles", 2));
        assertEquals(2 + 2 + 1, firstPage.size());
        String next = firstPage.get(4).at("/endStreamAction/nextPageToken").asText();
        List<JsonNode> secondPage = result(id, Map.of("maxFiles", 2, "pageToken", next));
        assertNotEquals(firstPage.get(2).at("/file/id"), secondPage.get(2).at("/file/id"));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameQuery() throws Exception {
        String a = lines(start(Map.of("idempotencyKey", "same")))
                .get(0)
                .at("/queryStatus/queryId")
                .asText();
        String b = lines(start(Map.of("idempotency_key", "same")))
                .get(0)
                .at("/queryStatus/queryId")
                .asText();
        String c = lines(start(Map.of("idempotencyKey", "other")))
                .get(0)
                .at("/queryStatus/queryId")
                .asText();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void unknownQueriesAre404AndFailuresSaySo() throws Exception {
        poll("00000000-0000-0000-0000-000000000000", Map.of())
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        poll("not-an-id", Map.of()).then().statusCode(404);
        String id = lines(start(Map.of("version", 99)))
                .get(0)
                .at("/queryStatus/queryId")
                .asText();
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = lines(poll(id, Map.of())).get(0).get("queryStatus");
            if (!"pending".equals(status.get("status").asText())) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("failed", status.get("status").asText());
        assertTrue(status.get("errorMessage").asText().length() > 0);
        // Another recipient cannot poll it.
        String share = uniqueName("intruder");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        given().auth()
                .oauth2(createToken(share))
                .contentType("application/json")
                .body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/queries/" + id)
                .then()
                .statusCode(404)
                .body("message", containsString("does not exist"));
    }

    /**
     * A pending query as a replica leaves it when it dies mid-query: its lease lapsing at
     * {@code leaseUntil}, or none at all (stored before leases).
     */
    private String pendingQueryHeldUntil(java.time.Instant leaseUntil) {
        String tokenId = io.lakeshare.Admin.admin()
                .get("/api/admin/v1/tokens?share=" + share)
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        String tableId = given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        java.util.UUID id = java.util.UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            io.lakeshare.catalog.AsyncQueryEntity q = new io.lakeshare.catalog.AsyncQueryEntity();
            q.id = id;
            q.tokenId = java.util.UUID.fromString(tokenId);
            q.tableId = java.util.UUID.fromString(tableId);
            q.request = "{}";
            q.status = "PENDING";
            q.createdAt = java.time.Instant.now().minusSeconds(60);
            q.expiresAt = java.time.Instant.now().plusSeconds(3600);
            q.leaseUntil = leaseUntil;
            q.persist();
        });
        return id.toString();
    }

    @Test
    void aPendingQueryWhoseReplicaIsGoneIsRunByTheReplicaPollingIt() throws Exception {
        for (java.time.Instant lapsed :
                new java.time.Instant[] {java.time.Instant.now().minusSeconds(1), null}) {
            String id = pendingQueryHeldUntil(lapsed);
            List<JsonNode> result = result(id, Map.of());
            assertTrue(result.get(0).has("protocol") && result.get(1).has("metaData"));
            assertEquals(2 + 5, result.size(), "every file of the latest version");
        }
    }

    @Test
    void aPendingQueryAnotherReplicaStillHoldsIsLeftToIt() throws Exception {
        String id = pendingQueryHeldUntil(java.time.Instant.now().plusSeconds(3600));
        for (int i = 0; i < 5; i++) {
            poll(id, Map.of()).then().statusCode(200).body(containsString("\"status\":\"pending\""));
            Thread.sleep(100);
        }
    }
}
