package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage failures are answered for what they are, never as an unexpected 500: a file that is gone
 * is a 404, a store that cannot be reached a 503 with Retry-After; and recipients are told the
 * table's name, never where its data is kept.
 */
@QuarkusTest
@TestProfile(StorageFailuresTest.BrokenStores.class)
class StorageFailuresTest {

    static final Path WAREHOUSE =
            Path.of("target", "storage-failures-warehouse").toAbsolutePath();

    public static class BrokenStores implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lakeshare.storage.local.root",
                    WAREHOUSE.toString(),
                    // A bucket in an S3 store nobody listens at.
                    "lakeshare.storage.buckets.offline.store",
                    "s3",
                    "lakeshare.storage.s3.endpoint",
                    "http://127.0.0.1:" + closedPort(),
                    "lakeshare.storage.s3.access-key-id",
                    "test-key",
                    "lakeshare.storage.s3.secret-access-key",
                    "test-secret");
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the demo table in a warehouse of the test's own, so that files can go missing from it. */
    @BeforeAll
    static void copyTheDemoTable() throws IOException {
        Path source = Path.of("demo", "warehouse", "demo", "employees");
        Path target = WAREHOUSE.resolve("demo").resolve("employees");
        if (Files.exists(WAREHOUSE)) {
            try (Stream<Path> old = Files.walk(WAREHOUSE)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
    }

    private static String tables(String share, String schema) {
        return "/_delta-sharing/v1/shares/" + share + "/schemas/" + schema + "/tables/";
    }

    @Test
    void credentialsFromAnStsThatCannotBeReachedAreUnavailableNotAnInternalError() {
        String share = uniqueName("offline");
        createShare(share, "s", "sales:delta:offline:sales/").statusCode(201);
        io.lakeshare.Admin.admin()
                .body(Map.of("access", java.util.List.of("s/sales=dir")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
        String token = createToken(share);
        given().auth()
                .oauth2(token)
                .post(tables(share, "s") + "sales/temporary-table-credentials")
                .then()
                .statusCode(503)
                .header("Retry-After", not(equalTo(null)))
                .body("errorCode", equalTo("TEMPORARILY_UNAVAILABLE"))
                .body("message", containsString("'sales'"))
                .body("message", not(containsString("offline")))
                .body("message", not(containsString("127.0.0.1")));
    }

    @Test
    void aStoreThatCannotBeReachedIsUnavailableNotAnInternalError() {
        String share = uniqueName("offline");
        createShare(share, "s", "sales:delta:offline:sales/").statusCode(201);
        String token = createToken(share);
        for (String call : new String[] {"version", "metadata"}) {
            given().auth()
                    .oauth2(token)
                    .get(tables(share, "s") + "sales/" + call)
                    .then()
                    .statusCode(503)
                    .header("Retry-After", not(equalTo(null)))
                    .body("errorCode", equalTo("TEMPORARILY_UNAVAILABLE"))
                    .body("message", containsString("'sales'"))
                    .body("message", not(containsString("offline")))
                    .body("message", not(containsString("127.0.0.1")));
        }
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post(tables(share, "s") + "sales/query")
                .then()
                .statusCode(503)
                .body("errorCode", equalTo("TEMPORARILY_UNAVAILABLE"));
    }

    @Test
    void aDataFileThatIsGoneIsNotFound() throws Exception {
        String share = uniqueName("vacuumed");
        createShare(share, "hr", "staff:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String body = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post(tables(share, "hr") + "staff/query")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode file = new ObjectMapper().readTree(body.split("\n")[2]).get("file");
        URI url = URI.create(file.get("url").asText());
        String path = url.getRawPath() + "?" + url.getRawQuery();
        given().urlEncodingEnabled(false).get(path).then().statusCode(200);

        try (Stream<Path> parquet = Files.walk(WAREHOUSE.resolve("demo/employees"))) {
            for (Path p : (Iterable<Path>) parquet.filter(p -> p.toString().endsWith(".parquet"))::iterator) {
                Files.delete(p);
            }
        }
        given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"))
                .body("message", not(containsString("demo/")))
                .body("message", not(containsString(WAREHOUSE.toString())));
    }

    @Test
    void timeTravelMistakesNameTheTableNotItsLocation() {
        String share = uniqueName("named");
        createShare(share, "hr", "people:delta:demo:employees/").statusCode(201);
        String token = createToken(share);
        String message = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("version", 99))
                .post(tables(share, "hr") + "people/query")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .extract()
                .path("message");
        assertTrue(message.contains("'people'"), message);
        assertTrue(!message.contains("lakeshare://") && !message.contains("demo/employees"), message);
        assertEquals(-1, message.indexOf(WAREHOUSE.toString()), message);
    }
}
