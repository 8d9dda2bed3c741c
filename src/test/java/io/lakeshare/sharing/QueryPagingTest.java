package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query pagination, refresh tokens and the end-of-stream line, over the demo table's 5 files. */
@QuarkusTest
class QueryPagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    QueryTokens tokens;

    private String token;
    private String query;
    private String tableId;

    @BeforeEach
    void shareTheDemoTable() {
        String share = uniqueName("paging");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        token = createToken(share);
        query = "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query";
        tableId =
                admin().get("/api/admin/v1/shares/{s}", share).then().extract().path("tables[0].id");
    }

    private Response post(Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post(query);
    }

    private static List<String> lines(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        return List.of(response.asString().split("\n"));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pagesCoverEveryFileOnceWithIdenticalHeads() {
        Set<String> unpaged = new HashSet<>();
        lines(post(Map.of())).stream()
                .skip(2)
                .forEach(l -> unpaged.add(json(l).at("/file/id").asText()));
        assertEquals(5, unpaged.size());

        List<String> ids = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        String pageToken = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("maxFiles", 2));
            if (pageToken != null) {
                body.put("pageToken", pageToken);
            }
            List<String> page = lines(post(body));
            heads.add(page.get(0) + "\n" + page.get(1));
            JsonNode end = json(page.get(page.size() - 1)).get("endStreamAction");
            assertNotNull(end, "a paginated query ends with endStreamAction");
            assertTrue(end.get("minUrlExpirationTimestamp").asLong() > System.currentTimeMillis());
            page.subList(2, page.size() - 1)
                    .forEach(l -> ids.add(json(l).at("/file/id").asText()));
            pageToken =
                    end.hasNonNull("nextPageToken") ? end.get("nextPageToken").asText() : null;
            if (pageToken != null) {
                assertEquals(pageToken, pageToken.replaceAll("[^A-Za-z0-9_.-]", ""), "URL-safe");
            }
            pages++;
        } while (pageToken != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(5, ids.size());
        assertEquals(unpaged, new HashSet<>(ids));
        assertEquals(1, new HashSet<>(heads).size(), "every page repeats byte-identical protocol and metadata lines");
    }

    @Test
    void aPageTokenOnlyWorksWithTheSameParameters() {
        String next = json(lines(post(Map.of("maxFiles", 2))).get(4))
                .at("/endStreamAction/nextPageToken")
                .asText();
        post(Map.of("maxFiles", 2, "pageToken", next, "limitHint", 3))
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("pageToken"));
        String tampered = (next.charAt(3) == 'A' ? "B" : "A");
        post(Map.of("maxFiles", 2, "pageToken", next.substring(0, 3) + tampered + next.substring(4)))
                .then()
                .statusCode(400);
        String expired = tokens.page(
                tableId,
                QueryTokens.checksum(null, null, null, null, null, "", null),
                new QueryTokens.Page(1, 2, 0),
                Instant.now().minus(Duration.ofDays(4)));
        post(Map.of("maxFiles", 2, "pageToken", expired))
                .then()
                .statusCode(400)
                .body("message", containsString("expired"));
        String good = tokens.page(
                tableId,
                QueryTokens.checksum(null, null, null, null, null, "", null),
                new QueryTokens.Page(1, 2, 0),
                Instant.now());
        assertEquals(
                2 + 2 + 1, lines(post(Map.of("maxFiles", 2, "pageToken", good))).size());
        post(Map.of("maxFiles", 0)).then().statusCode(400).body("message", containsString("maxFiles"));
    }

    @Test
    void theEndLineComesOnlyWhenAskedFor() {
        List<String> plain = lines(post(Map.of()));
        assertTrue(plain.stream().noneMatch(l -> l.contains("endStreamAction")));
        Response asked = given().auth()
                .oauth2(token)
                .header("delta-sharing-capabilities", "includeendstreamaction=true")
                .contentType("application/json")
                .body("{}")
                .post(query);
        asked.then().header("delta-sharing-capabilities", "responseformat=parquet;includeendstreamaction=true");
        List<String> withEnd = lines(asked);
        assertEquals(2 + 5 + 1, withEnd.size());
        JsonNode end = json(withEnd.get(withEnd.size() - 1)).get("endStreamAction");
        assertFalse(end.has("nextPageToken"));
        assertFalse(end.has("refreshToken"));
    }

    @Test
    void aRefreshTokenGivesTheSameFilesWithFreshUrls() {
        List<String> first = lines(post(Map.of("includeRefreshToken", true)));
        String refresh = json(first.get(first.size() - 1))
                .at("/endStreamAction/refreshToken")
                .asText();
        assertFalse(refresh.isEmpty());
        Response again = post(Map.of("includeRefreshToken", true, "refreshToken", refresh));
        again.then().header("Delta-Table-Version", "1");
        List<String> second = lines(again);
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>();
        first.subList(2, first.size() - 1)
                .forEach(l -> a.add(json(l).at("/file/id").asText()));
        second.subList(2, second.size() - 1)
                .forEach(l -> b.add(json(l).at("/file/id").asText()));
        assertEquals(a, b);
        assertNotNull(json(second.get(second.size() - 1))
                .at("/endStreamAction/refreshToken")
                .textValue());

        post(Map.of("includeRefreshToken", true, "version", 1))
                .then()
                .statusCode(400)
                .body("message", containsString("latest-snapshot"));
        post(Map.of("refreshToken", "nonsense")).then().statusCode(400).body("message", containsString("refreshToken"));
        String old = tokens.refresh(tableId, 1, Instant.now().minus(Duration.ofHours(2)));
        post(Map.of("refreshToken", old)).then().statusCode(400).body("message", containsString("expired"));
    }
}
