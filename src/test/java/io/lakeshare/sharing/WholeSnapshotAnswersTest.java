package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.config.TablesConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers listing every file of a snapshot are served from rendered lines: the first renders and
 * keeps them, later ones replay them. Either way the answer is byte for byte the one the general
 * path (taken here by a limit hint no table reaches) writes for the same request in the same second.
 */
@QuarkusTest
class WholeSnapshotAnswersTest {

    private static final Pattern EXPIRATION = Pattern.compile("\"expirationTimestamp\":(\\d+)");

    @Inject
    TablesConfig tables;

    private String token;
    private String query;

    @BeforeEach
    void shareTheDemoTable() {
        String share = uniqueName("whole");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        token = createToken(share);
        query = "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/employees/query";
    }

    @Test
    void renderedAndReplayedAnswersAreTheGeneralPathsBytes() throws Exception {
        for (Map<String, String> headers : List.of(
                Map.<String, String>of(),
                Map.of("delta-sharing-capabilities", "responseformat=delta"),
                Map.of("fileidhash", "delta"))) {
            for (String asOf : List.of("", "\"version\":0")) {
                sameSecond(headers, asOf);
            }
        }
    }

    /** Three answers within one second (retried until they are): general, rendering, replaying. */
    private void sameSecond(Map<String, String> headers, String asOf) throws IOException {
        String what = headers + " " + asOf;
        for (int attempt = 0; attempt < 10; attempt++) {
            forgetRenderedLines();
            String general = post(headers, "{" + asOf + (asOf.isEmpty() ? "" : ",") + "\"limitHint\":1000000000000}");
            String rendering = post(headers, "{" + asOf + "}");
            String replaying = post(headers, "{" + asOf + "}");
            assertTrue(renderedLinesKept(), "the first whole answer keeps its lines: " + what);
            String expiry = expiration(general);
            if (!expiry.equals(expiration(rendering)) || !expiry.equals(expiration(replaying))) {
                continue; // a second boundary fell between them
            }
            assertEquals(general, rendering, "rendering answer, " + what);
            assertEquals(general, replaying, "replayed answer, " + what);
            assertEquals(2 + (asOf.isEmpty() ? 5 : 3), general.split("\n").length, what);
            return;
        }
        throw new AssertionError("no three answers fell within one second in ten attempts");
    }

    private String post(Map<String, String> headers, String body) {
        RequestSpecification request = given().auth().oauth2(token).contentType("application/json");
        headers.forEach(request::header);
        return request.body(body).post(query).then().statusCode(200).extract().asString();
    }

    private static String expiration(String answer) {
        Matcher m = EXPIRATION.matcher(answer);
        assertTrue(m.find(), answer);
        return m.group(1);
    }

    private void forgetRenderedLines() throws IOException {
        for (Path p : renderedLines()) {
            Files.deleteIfExists(p);
        }
    }

    private boolean renderedLinesKept() throws IOException {
        return !renderedLines().isEmpty();
    }

    private List<Path> renderedLines() throws IOException {
        if (!Files.isDirectory(tables.spoolDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tables.spoolDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".lines")
                            && !p.getFileName().toString().startsWith("tmp-"))
                    .toList();
        }
    }
}
