package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partition-scoped tables: every answer that lists or signs files (snapshot, time travel, hints,
 * limits, pages, refresh, async, startingVersion, changes) holds only files of the partitions the
 * bearer may see, and the totals of the metadata count only those. The table is {@code visits}
 * (src/test/python/fixtures/partitioned_tables.py): partitioned by country and region, change data on;
 * v0 nl/eu, de/eu, us/us; v1 + nl/eu, us/us; v2 deletes the v1 nl/eu file (change data recorded).
 */
@QuarkusTest
@TestProfile(PartitionScopeTest.OwnWarehouse.class)
class PartitionScopeTest {

    static final Path WAREHOUSE = Path.of("target", "partition-scope-warehouse").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTRY = "country = CURRENT_RECIPIENT('country')";

    public static class OwnWarehouse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakeshare.storage.local.root", WAREHOUSE.toString());
        }
    }

    @BeforeAll
    static void writeTheTable() throws Exception {
        Path table = WAREHOUSE.resolve("fixtures").resolve("visits");
        if (table.resolve("_delta_log").toFile().exists()) {
            return;
        }
        Process p = new ProcessBuilder(
                        "python3",
                        Path.of("src/test/python/fixtures/partitioned_tables.py")
                                .toAbsolutePath()
                                .toString(),
                        WAREHOUSE.resolve("fixtures").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the delta-rs fixture writer ran: " + out);
    }

    private String share;
    private String base;

    @BeforeEach
    void shareTheTable() {
        share = uniqueName("scoped");
        createShare(share, "s", "visits:delta:fixtures:visits/").statusCode(201);
        base = "/_delta-sharing/v1/shares/" + share + "/schemas/s/tables/visits";
    }

    private void scope(String scope) {
        admin().body(Map.of("partition", List.of("s/visits=" + scope)))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
    }

    /** A recipient granted the share, with these properties; returns its token. */
    private String recipient(Map<String, String> properties) {
        String name = uniqueName("rcp");
        admin().body(Map.of("name", name, "properties", properties))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        admin().body(Map.of("recipient", name))
                .post("/api/admin/v1/shares/{s}/recipients", share)
                .then()
                .statusCode(201);
        return admin().body(Map.of("recipient", name))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private Response query(String token, Map<String, Object> body) {
        return as(token).body(body).post(base + "/query");
    }

    private static List<JsonNode> lines(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return lines;
    }

    /** The partitions ("nl/eu") of the files an answer lists, with the kind of line ("file", "add", "cdf", "remove"). */
    private static List<String> files(List<JsonNode> lines) {
        List<String> files = new ArrayList<>();
        for (JsonNode line : lines) {
            String kind = line.fieldNames().next();
            if (List.of("file", "add", "cdf", "remove").contains(kind)) {
                JsonNode values = line.get(kind).get("partitionValues");
                files.add(kind + ":" + values.get("country").asText() + "/"
                        + values.get("region").asText());
            }
        }
        return files;
    }

    private static List<String> files(Response response) {
        return files(lines(response));
    }

    private static JsonNode metaData(List<JsonNode> lines) {
        return lines.get(1).get("metaData");
    }

    private static long size(List<JsonNode> lines) {
        long size = 0;
        for (JsonNode line : lines) {
            if (line.has("file")) {
                size += line.get("file").get("size").asLong();
            }
        }
        return size;
    }

    @Test
    void eachRecipientSeesOnlyItsPartitionsAndTheTotalsCountOnlyThose() {
        String nl = recipient(Map.of("country", "nl"));
        String us = recipient(Map.of("country", "us"));
        String nobody = recipient(Map.of("region", "eu"));
        // Before any scope the whole table is served, and its answer rendered for replay.
        assertEquals(4, files(query(nl, Map.of())).size());
        scope(COUNTRY);

        List<JsonNode> nlLines = lines(query(nl, Map.of()));
        assertEquals(List.of("file:nl/eu"), files(nlLines));
        assertEquals(1, metaData(nlLines).get("numFiles").asLong());
        assertEquals(size(nlLines), metaData(nlLines).get("size").asLong());
        List<JsonNode> usLines = lines(query(us, Map.of()));
        assertEquals(List.of("file:us/us", "file:us/us"), files(usLines));
        assertEquals(2, metaData(usLines).get("numFiles").asLong());
        assertEquals(size(usLines), metaData(usLines).get("size").asLong());
        // Without the property: no rows at all.
        List<JsonNode> none = lines(query(nobody, Map.of()));
        assertEquals(List.of(), files(none));
        assertEquals(0, metaData(none).get("numFiles").asLong());
        assertEquals(0, metaData(none).get("size").asLong());

        // The metadata endpoint counts the same.
        for (String[] who : new String[][] {{nl, "1"}, {us, "2"}, {nobody, "0"}}) {
            List<JsonNode> meta = lines(as(who[0]).get(base + "/metadata"));
            assertEquals(Long.parseLong(who[1]), metaData(meta).get("numFiles").asLong());
        }
        List<JsonNode> delta = lines(as(us).header("delta-sharing-capabilities", "responseformat=delta")
                .get(base + "/metadata"));
        assertEquals(2, delta.get(1).get("metaData").get("numFiles").asLong());
        assertEquals(size(usLines), delta.get(1).get("metaData").get("size").asLong());

        // The delta format lists the same files.
        List<String> deltaFiles = new ArrayList<>();
        for (JsonNode line : lines(as(us).header("delta-sharing-capabilities", "responseformat=delta")
                .body("{}")
                .post(base + "/query"))) {
            if (line.has("file")) {
                deltaFiles.add(line.at("/file/deltaSingleAction/add/partitionValues/country")
                        .asText());
            }
        }
        assertEquals(List.of("us", "us"), deltaFiles);
    }

    @Test
    void timeTravelHintsLimitsAndRefreshStayInScope() {
        String nl = recipient(Map.of("country", "nl"));
        scope(COUNTRY);
        assertEquals(List.of("file:nl/eu"), files(query(nl, Map.of("version", 0))));
        assertEquals(List.of("file:nl/eu", "file:nl/eu"), files(query(nl, Map.of("version", 1))));
        long committed = lines(query(nl, Map.of("version", 1)))
                .get(2)
                .get("file")
                .get("timestamp")
                .asLong();
        assertEquals(
                List.of("file:nl/eu", "file:nl/eu"),
                files(query(
                        nl,
                        Map.of(
                                "timestamp",
                                java.time.Instant.ofEpochMilli(committed).toString()))));
        // Hints asking for another partition find nothing; they never widen the scope.
        assertEquals(List.of(), files(query(nl, Map.of("predicateHints", List.of("country = 'us'")))));
        String json =
                "{\"op\":\"equal\",\"children\":[{\"op\":\"column\",\"name\":\"country\",\"valueType\":\"string\"},"
                        + "{\"op\":\"literal\",\"value\":\"us\",\"valueType\":\"string\"}]}";
        assertEquals(List.of(), files(query(nl, Map.of("jsonPredicateHints", json))));
        assertEquals(List.of("file:nl/eu"), files(query(nl, Map.of("version", 1, "limitHint", 1))));
        List<JsonNode> refreshable = lines(query(nl, Map.of("includeRefreshToken", true)));
        assertEquals(List.of("file:nl/eu"), files(refreshable));
        String refresh = refreshable
                .get(refreshable.size() - 1)
                .at("/endStreamAction/refreshToken")
                .asText();
        assertEquals(List.of("file:nl/eu"), files(query(nl, Map.of("refreshToken", refresh))));
    }

    @Test
    void pagesStayInScopeAndTheirTokensPageNoOtherScope() {
        String nl = recipient(Map.of("country", "nl"));
        String us = recipient(Map.of("country", "us"));
        scope(COUNTRY);
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("version", 1, "maxFiles", 1));
            if (token != null) {
                body.put("pageToken", token);
            }
            List<JsonNode> page = lines(query(nl, body));
            paged.addAll(files(page));
            JsonNode next = page.get(page.size() - 1).at("/endStreamAction/nextPageToken");
            token = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
            if (pages++ == 0) {
                assertNotNull(token);
                // The same token, from a recipient of another scope, pages nothing.
                query(us, Map.of("version", 1, "maxFiles", 1, "pageToken", token))
                        .then()
                        .statusCode(400)
                        .body("message", containsString("pageToken"));
            }
        } while (token != null && pages < 10);
        assertEquals(List.of("file:nl/eu", "file:nl/eu"), paged);
    }

    @Test
    void asyncQueriesAnswerInScope() throws Exception {
        String us = recipient(Map.of("country", "us"));
        scope(COUNTRY);
        String id = lines(as(us).header("delta-sharing-capabilities", "asyncquery=true")
                        .body("{}")
                        .post(base + "/query"))
                .get(0)
                .at("/queryStatus/queryId")
                .asText();
        List<JsonNode> answer = null;
        for (int i = 0; i < 100 && answer == null; i++) {
            List<JsonNode> polled = lines(as(us).body("{}").post(base + "/queries/" + id));
            if (polled.get(0).has("queryStatus")) {
                Thread.sleep(100);
            } else {
                answer = polled;
            }
        }
        assertNotNull(answer, "the asynchronous query finished");
        assertEquals(List.of("file:us/us", "file:us/us"), files(answer));
        assertEquals(2, metaData(answer).get("numFiles").asLong());
    }

    @Test
    void startingVersionAndChangesListOnlyFilesInScope() {
        String nl = recipient(Map.of("country", "nl"));
        String us = recipient(Map.of("country", "us"));
        String nobody = recipient(Map.of());
        scope(COUNTRY);
        assertEquals(List.of("add:nl/eu", "add:nl/eu", "remove:nl/eu"), files(query(nl, Map.of("startingVersion", 0))));
        assertEquals(List.of("add:us/us", "add:us/us"), files(query(us, Map.of("startingVersion", 0))));
        assertEquals(List.of(), files(query(nobody, Map.of("startingVersion", 0))));

        // The change data feed: the delete's change data is in nl's partition only.
        assertEquals(
                List.of("add:nl/eu", "add:nl/eu", "cdf:nl/eu"),
                files(as(nl).queryParam("startingVersion", 0).get(base + "/changes")));
        assertEquals(
                List.of("add:us/us", "add:us/us"),
                files(as(us).queryParam("startingVersion", 0).get(base + "/changes")));
        assertEquals(
                List.of(), files(as(nobody).queryParam("startingVersion", 0).get(base + "/changes")));

        // Paged, the feed is the same, and a page token of one scope pages no other.
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            RequestSpecification page = as(nl).queryParam("startingVersion", 0).queryParam("maxFiles", 1);
            if (token != null) {
                page = page.queryParam("pageToken", token);
            }
            List<JsonNode> lines = lines(page.get(base + "/changes"));
            paged.addAll(files(lines));
            JsonNode next = lines.get(lines.size() - 1).at("/endStreamAction/nextPageToken");
            token = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
            if (pages++ == 0) {
                assertNotNull(token);
                as(us).queryParam("startingVersion", 0)
                        .queryParam("maxFiles", 1)
                        .queryParam("pageToken", token)
                        .get(base + "/changes")
                        .then()
                        .statusCode(400);
            }
        } while (token != null && pages < 10);
        assertEquals(List.of("add:nl/eu", "add:nl/eu", "cdf:nl/eu"), paged);
    }

    @Test
    void aLiteralScopeAppliesToShareTokensAndARecipientScopeShowsThemNothing() {
        String token = createToken(share);
        scope("country IN ('nl', 'de') AND region = 'eu'");
        assertEquals(List.of("file:nl/eu", "file:de/eu"), sorted(files(query(token, Map.of()))));
        String nl = recipient(Map.of("country", "us"));
        assertEquals(List.of("file:nl/eu", "file:de/eu"), sorted(files(query(nl, Map.of()))));
        scope(COUNTRY);
        assertEquals(List.of(), files(query(token, Map.of())));
        assertEquals(List.of(), files(as(token).queryParam("startingVersion", 0).get(base + "/changes")));
    }

    @Test
    void aScopedTableIsNeverOpenedToDirectoryAccessNorServedWhole() {
        scope("country = 'nl'");
        admin().body(Map.of("access", List.of("s/visits=dir")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("partition scope"));
        assertEquals(
                "url",
                admin().get("/api/admin/v1/shares/{s}", share).then().extract().path("tables[0].accessMode"));
        String token = createToken(share);
        as(token).body("{}").post(base + "/temporary-table-credentials").then().statusCode(403);
        given().auth()
                .oauth2(token)
                .get("/iceberg/v1/" + share + "/namespaces/s/tables/visits")
                .then()
                .statusCode(403)
                .body(containsString("partition scope"));
    }

    private static List<String> sorted(List<String> files) {
        List<String> copy = new ArrayList<>(files);
        copy.sort(java.util.Comparator.reverseOrder());
        return copy;
    }

    @Test
    void theOwnerSetsShowsChecksAndClearsTheScope() {
        admin().body(Map.of("partition", List.of("s/visits=visitors = 1")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("visitors"));
        admin().body(Map.of("partition", List.of("s/visits=country = nl")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("Invalid partition scope"));
        admin().body(Map.of("partition", List.of("s/nothing=country = 'nl'")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(404);
        assertNull(
                admin().get("/api/admin/v1/shares/{s}", share).then().extract().path("tables[0].partitionScope"));

        scope("country  =  CURRENT_RECIPIENT( 'country' )and region in ('eu','us')");
        assertEquals(
                "country = CURRENT_RECIPIENT('country') AND region IN ('eu', 'us')",
                admin().get("/api/admin/v1/shares/{s}", share).then().extract().path("tables[0].partitionScope"));
        String nl = recipient(Map.of("country", "nl"));
        assertEquals(List.of("file:nl/eu"), files(query(nl, Map.of())));

        // A table that cannot be read now keeps its scope, to be checked when it is read.
        admin().body(Map.of("add", List.of("s:ghost:delta:fixtures:ghost/")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
        admin().body(Map.of("partition", List.of("s/ghost=anything = 'x'")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
        assertEquals(
                "anything = 'x'",
                admin().get("/api/admin/v1/shares/{s}", share)
                        .then()
                        .extract()
                        .path("tables.find { it.name == 'ghost' }.partitionScope"));

        admin().body(Map.of("remove", List.of("s/ghost")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);

        // Cleared: the whole table again.
        scope("");
        assertNull(
                admin().get("/api/admin/v1/shares/{s}", share).then().extract().path("tables[0].partitionScope"));
        assertEquals(4, files(query(nl, Map.of())).size());
        assertFalse(files(query(nl, Map.of())).isEmpty());
        assertTrue(files(query(nl, Map.of())).contains("file:de/eu"));
    }
}
