package io.lakeshare.sharing.http;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends, the answer is never a 5xx and always the protocol's error body, without
 * the server's Java names: what the HTTP layer answers itself (a malformed URI, an URI, header block
 * or body over its limit), bodies Jackson cannot read, values over the catalog's limits, times no
 * table can have.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    private String share;
    private String token;

    @BeforeEach
    void share() {
        share = uniqueName("hostile");
        createShare(share, "default", "employees:delta:demo:employees/").statusCode(201);
        token = createToken(share);
    }

    private RequestSpecification recipient() {
        return given().auth().oauth2(token);
    }

    private String table() {
        return "/_delta-sharing/v1/shares/" + share + "/schemas/default/tables/employees/";
    }

    /** One request written by hand, as no client library would send it; returns the status and the body. */
    private Answer raw(String requestLine, String... headers) throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Authorization: Bearer ").append(token).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            String response = read.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }

    private record Answer(int status, String body) {
        JsonNode error() throws Exception {
            JsonNode node = JSON.readTree(body);
            assertTrue(node.path("errorCode").isTextual(), body);
            assertTrue(node.path("message").isTextual(), body);
            assertFalse(body.contains("java.") || body.contains("io.lakeshare"), body);
            return node;
        }
    }

    @Test
    void aMalformedPercentEncodingIsA400InTheProtocolsShape() throws Exception {
        for (String target : new String[] {
            "/_delta-sharing/v1/shares/%zz",
            "/_delta-sharing/v1/shares?maxResults=%zz",
            table() + "metadata?version=%",
            "/_lakeshare/v1/files/%zz",
            "/api/admin/v1/shares/%g0"
        }) {
            Answer answer = raw("GET " + target + " HTTP/1.1");
            assertEquals(400, answer.status(), target);
            assertEquals("MALFORMED_REQUEST", answer.error().path("errorCode").asText(), target);
        }
    }

    @Test
    void anUriOverTheLimitIsA414InTheProtocolsShape() throws Exception {
        Answer answer = raw("GET /_delta-sharing/v1/shares?pageToken=" + "a".repeat(9000) + " HTTP/1.1");
        assertEquals(414, answer.status());
        assertTrue(answer.error().path("message").asText().contains("8192"), answer.body());
    }

    @Test
    void headersOverTheLimitAreA431InTheProtocolsShape() throws Exception {
        Answer answer = raw("GET /_delta-sharing/v1/shares HTTP/1.1", "X-Padding: " + "a".repeat(20_000));
        assertEquals(431, answer.status());
        assertTrue(answer.error().path("message").asText().contains("16384"), answer.body());
    }

    @Test
    void aBodyOverTheLimitIsA413InTheProtocolsShape() throws Exception {
        String big = "{\"jsonPredicateHints\":\"" + "a".repeat(1_100_000) + "\"}";
        recipient()
                .contentType("application/json")
                .body(big)
                .post(table() + "query")
                .then()
                .statusCode(413)
                .body("errorCode", equalTo("MALFORMED_REQUEST"))
                .body("message", containsString("1048576"));
        // Sent in chunks, with no length to refuse it by: refused as it arrives.
        Answer chunked = raw(
                "POST " + table() + "query HTTP/1.1",
                "Content-Type: application/json",
                "Transfer-Encoding: chunked",
                "\r\n" + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n");
        assertEquals(413, chunked.status());
        chunked.error();
        // The admin API has its own limit, larger.
        admin().body(Map.of("name", "x", "schema", "s", "description", "d".repeat(5_000_000)))
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(413)
                .body("message", containsString("4194304"));
    }

    @Test
    void bodiesOfTheWrongTypesNameTheFieldNotJavaTypes() {
        for (String body : new String[] {
            "{\"limitHint\":\"abc\"}",
            "{\"limitHint\":99999999999999999999999}",
            "{\"maxFiles\":1e400}",
            "{\"predicateHints\":\"x\"}",
            "{\"version\":{}}",
            "{\"includeRefreshToken\":[1]}",
            "[1,2]",
            "{\"limitHint\":",
            "not json",
            "\"a string\""
        }) {
            String answer = recipient()
                    .contentType("application/json")
                    .body(body)
                    .post(table() + "query")
                    .then()
                    .statusCode(400)
                    .body("errorCode", allOf(not(equalTo("INTERNAL_ERROR"))))
                    .extract()
                    .asString();
            assertFalse(
                    answer.contains("java.") || answer.contains("io.lakeshare") || answer.contains("HTTP 400"),
                    body + " -> " + answer);
        }
        recipient()
                .contentType("application/json")
                .body("{\"limitHint\":\"abc\"}")
                .post(table() + "query")
                .then()
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("'limitHint'"))
                .body("message", containsString("whole number"));
        recipient()
                .contentType("application/json")
                .body("{\"limitHint\":99999999999999999999999}")
                .post(table() + "query")
                .then()
                .body("message", containsString("Field 'limitHint' is out of range: a whole number"));
        admin().body("{\"name\":\"x\",\"schema\":\"s\",\"tables\":\"notalist\"}")
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", equalTo("Field 'tables' must be an array"));
    }

    @Test
    void valuesOverTheCatalogsLimitsAreRefusedByName() {
        admin().body(Map.of("name", uniqueName("d"), "schema", "s", "description", "d".repeat(4097)))
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(400)
                .body("message", equalTo("description has 4097 characters; at most 4096 are allowed"));
        admin().body(Map.of("description", "d".repeat(4097)))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("4096"));
        admin().body(Map.of("share", share, "description", "d".repeat(1025)))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(400)
                .body("message", equalTo("description has 1025 characters; at most 1024 are allowed"));
        admin().body(Map.of("add", java.util.List.of("s:t:delta:demo:" + "p/".repeat(600))))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("The prefix has 1200 characters; at most 1024"));
        admin().body(Map.of("add", java.util.List.of("s:t:iceberg-rest:" + "w".repeat(64) + ":ns:t")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("1 to 63"));
        recipient()
                .contentType("application/json")
                .header("delta-sharing-capabilities", "asyncquery=true")
                .body(Map.of("idempotencyKey", "k".repeat(256)))
                .post(table() + "query")
                .then()
                .statusCode(400)
                .body("message", equalTo("idempotencyKey has 256 characters; at most 255 are allowed"));
        recipient()
                .contentType("application/json")
                .body(Map.of("jsonPredicateHints", "h".repeat(65537)))
                .post(table() + "query")
                .then()
                .statusCode(400)
                .body("message", containsString("jsonPredicateHints has 65537 characters"));
        recipient()
                .contentType("application/json")
                .body(Map.of("predicateHints", java.util.Collections.nCopies(1001, "a = 1")))
                .post(table() + "query")
                .then()
                .statusCode(400)
                .body("message", containsString("predicateHints has 1001 entries"));
        // Stored as JSON, an asynchronous query has its column's limit too.
        recipient()
                .contentType("application/json")
                .header("delta-sharing-capabilities", "asyncquery=true")
                .body(Map.of("jsonPredicateHints", "\u0001".repeat(20_000)))
                .post(table() + "query")
                .then()
                .statusCode(400)
                .body("message", containsString("asynchronous query may have at most 65536"));
    }

    @Test
    void timesNoTableCanHaveAreA400() {
        String[] extremes = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"};
        for (String t : extremes) {
            recipient()
                    .queryParam("startingTimestamp", t)
                    .get(table() + "version")
                    .then()
                    .statusCode(400)
                    .body("message", containsString("out of range"));
            recipient()
                    .queryParam("timestamp", t)
                    .get(table() + "metadata")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
            recipient()
                    .contentType("application/json")
                    .body(Map.of("timestamp", t))
                    .post(table() + "query")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
            recipient()
                    .queryParam("startingTimestamp", t)
                    .get(table() + "changes")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
            recipient()
                    .queryParam("startingVersion", 0)
                    .queryParam("endingTimestamp", t)
                    .get(table() + "changes")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        }
        // A huge epoch number is no timestamp either.
        recipient()
                .contentType("application/json")
                .body("{\"timestamp\": 99999999999999999999}")
                .post(table() + "query")
                .then()
                .statusCode(400);
        recipient()
                .queryParam("version", "99999999999999999999")
                .get(table() + "metadata")
                .then()
                .statusCode(400);
    }
}
