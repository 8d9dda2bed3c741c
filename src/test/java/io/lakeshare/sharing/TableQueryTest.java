package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The table endpoints over the demo Delta table (written by delta-rs: version 0 with 4 rows in 3
 * files, version 1 appending 2 rows in 2 files, partitioned by department).
 */
@QuarkusTest
class TableQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @jakarta.inject.Inject
    io.lakeshare.storage.DataUrls urls;

    private String share;
    private String token;
    private String base;

    @BeforeEach
    void shareTheDemoTable() {
        share = uniqueName("demo");
        createShare(
                        share,
                        "hr",
                        "employees:delta:demo:employees/",
                        "lake:iceberg:demo:employees/",
                        "ghost:delta:demo:no-table-here/")
                .statusCode(201);
        token = createToken(share);
        base = "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/";
    }

    private RequestSpecification recipient() {
        return given().auth().oauth2(token);
    }

    private static List<JsonNode> lines(Response response) throws Exception {
        String body = response.asString();
        assertTrue(body.endsWith("\n"), "every line ends with a newline");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            assertFalse(line.isBlank() || line.startsWith(" "), "one compact object per line: '" + line + "'");
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void versionIsAHeaderOnAnEmptyBody() {
        recipient()
                .get(base + "employees/version")
                .then()
                .statusCode(200)
                .header("Delta-Table-Version", "1")
                .body(equalTo(""));
        recipient().head(base + "EMPLOYEES").then().statusCode(200).header("Delta-Table-Version", "1");
        recipient()
                .queryParam("startingTimestamp", "2000-01-01T00:00:00Z")
                .get(base + "employees/version")
                .then()
                .statusCode(200)
                .header("Delta-Table-Version", "0");
        recipient()
                .queryParam("startingTimestamp", "2999-01-01T00:00:00Z")
                .get(base + "employees/version")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        recipient()
                .queryParam("startingTimestamp", "yesterday")
                .get(base + "employees/version")
                .then()
                .statusCode(400)
                .body("message", containsString("startingTimestamp"));
    }

    @Test
    void metadataIsExactlyProtocolAndMetadata() throws Exception {
        Response response = recipient().get(base + "employees/metadata");
        response.then()
                .statusCode(200)
                .contentType(startsWith("application/x-ndjson"))
                .header("Delta-Table-Version", "1")
                .header("delta-sharing-capabilities", "responseformat=parquet");
        List<JsonNode> lines = lines(response);
        assertEquals(2, lines.size());
        assertEquals(1, lines.get(0).at("/protocol/minReaderVersion").asInt());
        JsonNode metadata = lines.get(1).get("metaData");
        assertEquals("parquet", metadata.at("/format/provider").asText());
        assertEquals("[\"department\"]", metadata.get("partitionColumns").toString());
        assertTrue(metadata.get("schemaString").asText().contains("\"name\":\"salary\""));
        assertEquals(5, metadata.get("numFiles").asLong());
        assertTrue(metadata.get("size").asLong() > 5000);
        assertEquals(36, metadata.get("id").asText().length());

        assertEquals(
                3,
                lines(recipient()
                                .queryParam("version", 0)
                                .get(base + "employees/metadata")
                                .then()
                                .header("Delta-Table-Version", "0")
                                .extract()
                                .response())
                        .get(1)
                        .get("metaData")
                        .get("numFiles")
                        .asLong());
    }

    @Test
    void theLatestSnapshotListsEveryFileWithAUrl() throws Exception {
        Response response =
                recipient().contentType("application/json").body("{}").post(base + "employees/query");
        response.then()
                .statusCode(200)
                .header("Delta-Table-Version", "1")
                .header("delta-sharing-capabilities", "responseformat=parquet");
        List<JsonNode> lines = lines(response);
        assertEquals(2 + 5, lines.size());
        Set<String> ids = new HashSet<>();
        long rows = 0;
        for (JsonNode line : lines.subList(2, lines.size())) {
            JsonNode file = line.get("file");
            assertTrue(file.get("url").asText().contains("/_lakeshare/v1/files/"));
            assertTrue(ids.add(file.get("id").asText()));
            assertEquals(32, file.get("id").asText().length(), "MD5 hex of the log path");
            assertTrue(file.get("partitionValues").has("department"));
            assertTrue(file.get("expirationTimestamp").asLong() > System.currentTimeMillis() + 3_000_000);
            assertNull(file.get("version"), "latest-snapshot files carry no version");
            rows += JSON.readTree(file.get("stats").asText()).get("numRecords").asLong();
        }
        assertEquals(6, rows);
        // The same files have the same ids in the next response.
        Set<String> again = new HashSet<>();
        lines(recipient().contentType("application/json").body("{}").post(base + "employees/query"))
                .subList(2, 7)
                .forEach(l -> again.add(l.at("/file/id").asText()));
        assertEquals(ids, again);
    }

    @Test
    void timeTravelByVersionAndTimestamp() throws Exception {
        List<JsonNode> v0 = lines(recipient()
                .contentType("application/json")
                .body(Map.of("version", 0))
                .post(base + "employees/query")
                .then()
                .statusCode(200)
                .header("Delta-Table-Version", "0")
                .extract()
                .response());
        assertEquals(2 + 3, v0.size());
        assertEquals(0, v0.get(2).at("/file/version").asLong());
        assertTrue(v0.get(2).at("/file/timestamp").asLong() > 0);

        long v1Timestamp = lines(recipient()
                        .contentType("application/json")
                        .body(Map.of("version", 1))
                        .post(base + "employees/query"))
                .get(2)
                .at("/file/timestamp")
                .asLong();
        String instant = java.time.Instant.ofEpochMilli(v1Timestamp).toString();
        recipient()
                .contentType("application/json")
                .body(Map.of("timestamp", instant))
                .post(base + "employees/query")
                .then()
                .statusCode(200)
                .header("Delta-Table-Version", "1");
        recipient()
                .contentType("application/json")
                .body(Map.of("timestamp", "2000-01-01T00:00:00Z"))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        recipient()
                .contentType("application/json")
                .body(Map.of("version", 7))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void limitHintStopsOnceEnoughRowsAreListed() throws Exception {
        List<JsonNode> lines = lines(recipient()
                .contentType("application/json")
                .body(Map.of("limitHint", 1))
                .post(base + "employees/query"));
        assertEquals(2 + 1, lines.size());
        assertEquals(
                2 + 5,
                lines(recipient()
                                .contentType("application/json")
                                .body(Map.of("limitHint", 100))
                                .post(base + "employees/query"))
                        .size());
    }

    @Test
    void badParameterCombinationsNameTheParameter() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("version", 1, "timestamp", "2024-01-01T00:00:00Z"),
                Map.of("version", 1, "startingVersion", 0))) {
            recipient()
                    .contentType("application/json")
                    .body(body)
                    .post(base + "employees/query")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                    .body("message", containsString("only provide one of"));
        }
        recipient()
                .contentType("application/json")
                .body(Map.of("version", -1))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("version must not be negative"));
        recipient()
                .contentType("application/json")
                .body(Map.of("timestamp", "noon"))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("timestamp 'noon'"));
        recipient()
                .contentType("application/json")
                .body("{\"version\": \"x\"")
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("Field 'version' must be a whole number"));
        recipient()
                .queryParam("version", 0)
                .queryParam("timestamp", "2024-01-01T00:00:00Z")
                .get(base + "employees/metadata")
                .then()
                .statusCode(400)
                .body("message", containsString("only provide one of"));
        recipient()
                .queryParam("version", "one")
                .get(base + "employees/metadata")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        recipient()
                .contentType("application/json")
                .body(Map.of("startingVersion", 0, "maxFiles", 2))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("UNSUPPORTED_OPERATION"));
    }

    @Test
    void startingVersionListsEachCommitsFilesWithVersionAndTimestamp() throws Exception {
        Response response = recipient()
                .contentType("application/json")
                .body(Map.of("startingVersion", 0))
                .post(base + "employees/query");
        response.then().statusCode(200).header("Delta-Table-Version", "0");
        List<JsonNode> lines = lines(response);
        assertEquals(0, lines.get(1).at("/metaData/version").asLong());
        assertEquals(2 + 3 + 2, lines.size(), "3 files added by version 0, 2 by version 1");
        List<Long> versions = new ArrayList<>();
        for (JsonNode line : lines.subList(2, lines.size())) {
            JsonNode add = line.get("add");
            assertTrue(add.get("url").asText().contains("/_lakeshare/v1/files/"));
            assertTrue(add.get("timestamp").asLong() > 0);
            versions.add(add.get("version").asLong());
        }
        assertEquals(List.of(0L, 0L, 0L, 1L, 1L), versions);

        assertEquals(
                2 + 2,
                lines(recipient()
                                .contentType("application/json")
                                .body(Map.of("startingVersion", 1))
                                .post(base + "employees/query"))
                        .size());
        assertEquals(
                2 + 3,
                lines(recipient()
                                .contentType("application/json")
                                .body(Map.of("startingVersion", 0, "endingVersion", 0))
                                .post(base + "employees/query"))
                        .size());
        List<JsonNode> delta = lines(recipient()
                .header("delta-sharing-capabilities", "responseformat=delta")
                .contentType("application/json")
                .body(Map.of("startingVersion", 1))
                .post(base + "employees/query"));
        assertEquals(1, delta.get(2).at("/file/version").asLong());
        assertTrue(delta.get(2).at("/file/deltaSingleAction/add/path").asText().contains("/_lakeshare/v1/files/"));

        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("startingVersion", 5),
                Map.of("startingVersion", 0, "endingVersion", 9),
                Map.of("startingVersion", 1, "endingVersion", 0),
                Map.of("endingVersion", 1),
                Map.of("startingVersion", -1))) {
            recipient()
                    .contentType("application/json")
                    .body(bad)
                    .post(base + "employees/query")
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        }
    }

    @Test
    void changesNeedARangeAndRecordedChangeData() {
        recipient()
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("message", containsString("exactly one of: startingVersion, startingTimestamp"));
        recipient()
                .queryParam("startingVersion", 0)
                .queryParam("startingTimestamp", "2024-01-01T00:00:00Z")
                .get(base + "employees/changes")
                .then()
                .statusCode(400);
        recipient()
                .queryParam("startingVersion", 0)
                .queryParam("endingVersion", 1)
                .queryParam("endingTimestamp", "2024-01-01T00:00:00Z")
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("message", containsString("endingVersion, endingTimestamp"));
        recipient()
                .queryParam("startingVersion", 1)
                .queryParam("endingVersion", 0)
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("message", containsString("before it starts"));
        recipient()
                .queryParam("startingVersion", 0)
                .queryParam("maxFiles", 0)
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("message", containsString("maxFiles must be positive"));
        recipient()
                .queryParam("startingVersion", 0)
                .queryParam("pageToken", "forged")
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("message", containsString("pageToken"));
        // The demo table was written without a change data feed.
        recipient()
                .queryParam("startingVersion", 0)
                .queryParam("includeHistoricalMetadata", "True")
                .get(base + "employees/changes")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("Change data was not recorded for version 0"));
    }

    @Test
    void fileIdHashIsEchoedAndPicksTheHash() throws Exception {
        Response response = recipient()
                .header("fileidhash", "DELTA")
                .contentType("application/json")
                .body("{}")
                .post(base + "employees/query");
        response.then().statusCode(200).header("fileidhash", "delta");
        assertEquals(64, lines(response).get(2).at("/file/id").asText().length(), "SHA-256 hex");
        recipient()
                .header("fileidhash", "crc32")
                .contentType("application/json")
                .body("{}")
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("fileidhash"));
    }

    @Test
    void tablesThatCannotBeReadSaySo() {
        // An Iceberg table whose location holds no metadata yet.
        recipient()
                .get(base + "lake/version")
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"))
                .body("message", containsString("has no Iceberg metadata"));
        recipient()
                .get(base + "ghost/version")
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        recipient().get(base + "nope/version").then().statusCode(404);
        // Another share's table is missing, not forbidden.
        String other = uniqueName("other");
        createShare(other, "hr", "employees:delta:demo:employees/").statusCode(201);
        recipient()
                .get("/_delta-sharing/v1/shares/" + other + "/schemas/hr/tables/employees/version")
                .then()
                .statusCode(404);
        given().get(base + "employees/version").then().statusCode(401);
    }

    @Test
    void theDeltaFormatCarriesDeltaLogActions() throws Exception {
        Response response = recipient()
                .header("delta-sharing-capabilities", "responseformat=delta")
                .contentType("application/json")
                .body("{}")
                .post(base + "employees/query");
        response.then().statusCode(200).header("delta-sharing-capabilities", "responseformat=delta");
        List<JsonNode> lines = lines(response);
        assertEquals(2 + 5, lines.size());
        assertEquals(
                1, lines.get(0).at("/protocol/deltaProtocol/minReaderVersion").asInt());
        assertTrue(lines.get(0).at("/protocol/deltaProtocol/minWriterVersion").asInt() >= 2);
        JsonNode metadata = lines.get(1).at("/metaData");
        assertEquals("parquet", metadata.at("/deltaMetadata/format/provider").asText());
        assertEquals(5, metadata.get("numFiles").asLong());
        JsonNode add = lines.get(2).at("/file/deltaSingleAction/add");
        assertTrue(add.get("path").asText().contains("/_lakeshare/v1/files/"), "paths are replaced by URLs");
        assertTrue(add.get("dataChange").asBoolean());
        assertTrue(add.get("modificationTime").asLong() > 0);
        assertEquals(64, lines.get(2).at("/file/id").asText().length(), "SHA-256 ids by default in the delta format");
        assertTrue(lines.get(2).at("/file/expirationTimestamp").asLong() > 0);

        recipient()
                .header("delta-sharing-capabilities", "responseformat=delta")
                .get(base + "employees/metadata")
                .then()
                .statusCode(200)
                .header("delta-sharing-capabilities", "responseformat=delta");
    }

    @Test
    void aClientAcceptingBothGetsParquetForATableThatNeedsNothingMore() {
        recipient()
                .header("delta-sharing-capabilities", "responseformat=delta,parquet;readerfeatures=deletionvectors")
                .get(base + "employees/metadata")
                .then()
                .statusCode(200)
                .header("delta-sharing-capabilities", "responseformat=parquet");
    }

    @Test
    void withoutSharedHistoryOnlyTheLatestVersionIsReadable() {
        io.lakeshare.Admin.admin()
                .body(Map.of("history", List.of("hr/employees=off")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("tables.find { it.name == 'employees' }.historyShared", equalTo(false));
        recipient()
                .contentType("application/json")
                .body("{}")
                .post(base + "employees/query")
                .then()
                .statusCode(200);
        recipient()
                .contentType("application/json")
                .body(Map.of("version", 1))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("history of table 'employees' is not shared"));
        recipient()
                .contentType("application/json")
                .body(Map.of("timestamp", "2024-01-01T00:00:00Z"))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("timestamp"));
        recipient()
                .queryParam("version", 0)
                .get(base + "employees/metadata")
                .then()
                .statusCode(400);
        recipient()
                .queryParam("startingTimestamp", "2000-01-01T00:00:00Z")
                .get(base + "employees/version")
                .then()
                .statusCode(400)
                .body("message", containsString("startingTimestamp"));
        recipient().get(base + "employees/version").then().statusCode(200);
        recipient()
                .contentType("application/json")
                .body(Map.of("startingVersion", 1))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("startingVersion"));
    }

    @Test
    void sharedHistoryCanStartAtAVersion() {
        io.lakeshare.Admin.admin()
                .body(Map.of("history", List.of("HR/Employees=on@1")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("tables.find { it.name == 'employees' }.startVersion", equalTo(1));
        recipient()
                .contentType("application/json")
                .body(Map.of("version", 1))
                .post(base + "employees/query")
                .then()
                .statusCode(200);
        recipient()
                .contentType("application/json")
                .body(Map.of("version", 0))
                .post(base + "employees/query")
                .then()
                .statusCode(400)
                .body("message", containsString("before version 1"));
        io.lakeshare.Admin.admin()
                .body(Map.of("history", List.of("hr/employees=maybe")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("schema/table=on|off[@start-version]"));
        io.lakeshare.Admin.admin()
                .body(Map.of("history", List.of("hr/nope=on")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(404);
    }

    @Test
    void gzipIsServedWhenAsked() {
        recipient()
                .header("Accept-Encoding", "gzip")
                .contentType("application/json")
                .body("{}")
                .post(base + "employees/query")
                .then()
                .statusCode(200)
                .header("Content-Encoding", "gzip");
    }

    @Test
    void fileUrlsServeHeadRangesAndRefuseTampering() throws Exception {
        String url = lines(
                        recipient().contentType("application/json").body("{}").post(base + "employees/query"))
                .get(2)
                .at("/file/url")
                .asText();
        String path = url.substring(url.indexOf("/_lakeshare/"));
        long size = Long.parseLong(given().urlEncodingEnabled(false)
                .head(path)
                .then()
                .statusCode(200)
                .header("Accept-Ranges", "bytes")
                .extract()
                .header("Content-Length"));
        byte[] whole = given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertEquals(size, whole.length);
        assertEquals("PAR1", new String(whole, 0, 4));
        byte[] tail = given().urlEncodingEnabled(false)
                .header("Range", "bytes=-8")
                .get(path)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes " + (size - 8) + "-" + (size - 1) + "/" + size)
                .header("Content-Length", "8")
                .extract()
                .asByteArray();
        assertEquals("PAR1", new String(tail, 4, 4));
        given().urlEncodingEnabled(false)
                .header("Range", "bytes=4-")
                .get(path)
                .then()
                .statusCode(206)
                .header("Content-Length", String.valueOf(size - 4));
        given().urlEncodingEnabled(false)
                .header("Range", "bytes=" + size + "-")
                .get(path)
                .then()
                .statusCode(416);

        String tampered = path.replaceFirst("e=(\\d+)", "e=9$1");
        given().urlEncodingEnabled(false)
                .get(tampered)
                .then()
                .statusCode(403)
                .body("errorCode", equalTo("PERMISSION_DENIED"));
        String otherRecipient = path.replaceFirst("r=([^&]+)", "r=00000000-0000-0000-0000-000000000000");
        given().urlEncodingEnabled(false).get(otherRecipient).then().statusCode(403);
        String expired = urls.url(
                "demo",
                "employees/_delta_log/00000000000000000000.json",
                java.time.Instant.now().minusSeconds(2),
                "",
                "token-id");
        given().urlEncodingEnabled(false)
                .get(expired)
                .then()
                .statusCode(403)
                .body("message", containsString("expired"));
        String issuedTo = path.replaceFirst(".*[?&]r=([^&]+).*", "$1");
        String fresh = urls.url(
                "demo",
                "employees/_delta_log/00000000000000000000.json",
                java.time.Instant.now().plusSeconds(60),
                "",
                issuedTo);
        given().urlEncodingEnabled(false).get(fresh).then().statusCode(200);
        String otherFile = path.replaceFirst(
                "/files/[^?]+", "/files/ZGVtby9lbXBsb3llZXMvX2RlbHRhX2xvZy8wMDAwMDAwMDAwMDAwMDAwMDAwMC5qc29u");
        given().urlEncodingEnabled(false).get(otherFile).then().statusCode(403);
    }
}
