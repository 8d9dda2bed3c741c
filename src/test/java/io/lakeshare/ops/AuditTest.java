package io.lakeshare.ops;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.Admin;
import io.lakeshare.ops.audit.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who did what to which table, one JSON line each, in a category of its own, with no secret in it. */
@QuarkusTest
class AuditTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(AuditLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(capture);
    }

    private List<JsonNode> audit(String containing) throws Exception {
        // The line is written when the response is over, just after the client has it.
        for (int i = 0; i < 50 && lines.stream().noneMatch(l -> l.contains(containing)); i++) {
            Thread.sleep(20);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.contains(containing)) {
                found.add(json.readTree(line));
            }
        }
        return found;
    }

    /** Owners see whether recipients' filters work: the hints a query came with, and what they ruled out. */
    @Test
    void aQueryIsAuditedWithItsHintsAndTheFilesTheySkipped() throws Exception {
        String share = uniqueName("hinted");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String hint =
                "{\"op\":\"equal\",\"children\":[{\"op\":\"column\",\"name\":\"department\",\"valueType\":\"string\"},"
                        + "{\"op\":\"literal\",\"value\":\"research\",\"valueType\":\"string\"}]}";
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(java.util.Map.of(
                        "jsonPredicateHints",
                        hint,
                        "predicateHints",
                        List.of("department = 'research'"),
                        "limitHint",
                        10))
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200);

        JsonNode line = audit("\"share\":\"" + share + "\"").get(0);
        assertEquals(2, line.get("files").asLong(), line.toString());
        assertEquals(3, line.get("skipped").asLong(), "the other departments' files: " + line);
        assertEquals(hint, line.at("/hints/json").asText());
        assertEquals("department = 'research'", line.at("/hints/sql/0").asText());
        assertEquals(10, line.at("/hints/limit").asLong());
    }

    @Test
    void aRotationIsAuditedNamingTheReplacedTokenAndItsReplacement() throws Exception {
        String share = uniqueName("rotaudit");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String old = Admin.admin()
                .body(java.util.Map.of("share", share))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String replacement = Admin.admin()
                .body(java.util.Map.of("grace", "1m"))
                .post("/api/admin/v1/tokens/{id}/rotate", old)
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        JsonNode line = audit("/api/admin/v1/tokens/" + old + "/rotate").get(0);
        assertEquals("admin", line.get("actor").asText());
        assertEquals(old, line.get("tokenId").asText());
        assertEquals(replacement, line.get("newTokenId").asText());
        assertEquals(201, line.get("status").asInt());
    }

    @Test
    void adminChangesAndTableAccessesAreAudited() throws Exception {
        String share = uniqueName("audited");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/nope/metadata")
                .then()
                .statusCode(404);

        JsonNode created = audit("\"POST /api/admin/v1/shares\"").get(0);
        assertEquals("admin", created.get("actor").asText());
        assertEquals(201, created.get("status").asInt());

        JsonNode query = audit("\"share\":\"" + share + "\",\"table\":\"hr.employees\",\"endpoint\":\"query\"")
                .get(0);
        assertEquals("hr.employees", query.get("table").asText());
        assertEquals("ok", query.get("result").asText());
        assertTrue(query.get("files").asLong() >= 1);
        assertTrue(query.get("bytes").asLong() > 0);
        assertTrue(query.has("version") && query.has("tokenId") && query.has("durationMs"));

        JsonNode refused =
                audit("\"share\":\"" + share + "\",\"table\":\"hr.nope\"").get(0);
        assertEquals(404, refused.get("status").asInt());
        assertEquals("refused", refused.get("result").asText());

        assertFalse(String.join("\n", lines).contains(token), "tokens never reach the audit log");
        assertFalse(String.join("\n", lines).contains(Admin.TOKEN));
        assertFalse(String.join("\n", lines).contains("X-Amz-Signature"));
    }

    @Test
    void downloadsThroughTheServersFileUrlsAreAuditedUnderTheTokenIdTheyWereIssuedTo() throws Exception {
        String share = uniqueName("fetched");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String url = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.contains("\"file\""))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        String tokenId = url.replaceAll(".*[?&]r=([^&]+).*", "$1");
        String path = url.substring(url.indexOf("/_lakeshare/"));
        int size = given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray()
                .length;

        JsonNode download = audit("\"tokenId\":\"" + tokenId + "\",\"object\"").get(0);
        assertEquals("recipient", download.get("actor").asText());
        assertEquals("file", download.get("endpoint").asText());
        assertTrue(download.get("object").asText().startsWith("demo/employees/"), download.toString());
        assertEquals(size, download.get("bytes").asLong());
        assertEquals("ok", download.get("result").asText());
        assertFalse(
                String.join("\n", lines).contains("X-Amz-Signature"),
                "the URL's signature never reaches the audit log");
    }
}
