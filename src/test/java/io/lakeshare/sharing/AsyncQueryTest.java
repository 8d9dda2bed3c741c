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

    private String token;
    private String base;

    @BeforeEach
    void shareTheDemoTable() {
        String share = uniqueName("async");
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
}
