package io.lakeshare.sharing.iceberg;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Iceberg REST catalog as recipients call it over HTTP with their Delta Sharing bearer tokens: a
 * share is a warehouse, its schemas namespaces, its tables tables; nothing else is visible, nothing
 * can be written, and every error is in Iceberg's error model.
 */
@QuarkusTest
class IcebergCatalogTest {

    private static final String BASE = "/iceberg/v1";
    /** A bucket of the local warehouse (the test profile's demo/warehouse) made for this spec. */
    private static final String BUCKET = "icebergcatalogtest";

    private static String share;
    private static String token;
    private static String otherToken;

    @BeforeEach
    void shares() throws IOException {
        if (share != null) {
            return;
        }
        Path root = Path.of("demo/warehouse", BUCKET, "people").toAbsolutePath();
        Files.createDirectories(root.resolve("metadata"));
        Schema schema = new Schema(
                Types.NestedField.optional(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get()));
        TableMetadata metadata = TableMetadata.newTableMetadata(
                schema, PartitionSpec.unpartitioned(), "file:" + root, Map.of("format-version", "2"));
        TableMetadataParser.write(
                metadata,
                org.apache.iceberg.Files.localOutput(
                        root.resolve("metadata/v1.metadata.json").toFile()));

        share = uniqueName("ice");
        createShare(
                        share,
                        "db",
                        "people:iceberg:" + BUCKET + ":people/",
                        "employees:delta:demo:employees/",
                        "ghost:iceberg:" + BUCKET + ":nothing-here/")
                .statusCode(201);
        token = createToken(share);
        String other = uniqueName("ice_other");
        createShare(other, "other", "employees:delta:demo:employees/").statusCode(201);
        otherToken = createToken(other);
    }

    @AfterAll
    static void removeTable() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("demo/warehouse", BUCKET))) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static io.restassured.specification.RequestSpecification as(String bearer) {
        return given().header("Authorization", "Bearer " + bearer);
    }

    private static void icebergError(ValidatableResponse response, int status, String type) {
        response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo(status))
                .body("error.type", equalTo(type))
                .body("error.message", not(emptyString()))
                .body("errorCode", nullValue());
    }

    @Test
    void configNamesTheShareAsPrefixAndListsOnlyReadEndpoints() {
        as(token)
                .get(BASE + "/config?warehouse=" + share)
                .then()
                .statusCode(200)
                .body("overrides.prefix", equalTo(share))
                .body("defaults.size()", equalTo(0))
                .body("endpoints", hasItem("GET /v1/{prefix}/namespaces/{namespace}/tables/{table}"))
                .body("endpoints", not(hasItem("POST /v1/{prefix}/namespaces/{namespace}/tables")));
        // A share token may leave the warehouse out: its share is the only one.
        as(token).get(BASE + "/config").then().statusCode(200).body("overrides.prefix", equalTo(share));
    }

    @Test
    void tokenCreationNamesTheCatalogUriAndWarehouse() {
        admin().body(Map.of("share", share))
                .post("/api/admin/v1/tokens")
                .then()
                .statusCode(201)
                .body("iceberg.uri", endsWith("/iceberg"))
                .body("iceberg.warehouse", equalTo(share));
    }

    @Test
    void namespacesAreTheSharesSchemasAndTablesItsTables() {
        as(token)
                .get(BASE + "/" + share + "/namespaces")
                .then()
                .statusCode(200)
                .body("namespaces", equalTo(List.of(List.of("db"))));
        as(token)
                .get(BASE + "/" + share + "/namespaces/db")
                .then()
                .statusCode(200)
                .body("namespace", equalTo(List.of("db")));
        as(token).head(BASE + "/" + share + "/namespaces/db").then().statusCode(204);
        as(token).head(BASE + "/" + share + "/namespaces/nope").then().statusCode(404);
        as(token)
                .get(BASE + "/" + share + "/namespaces/db/tables")
                .then()
                .statusCode(200)
                .body("identifiers.name", equalTo(List.of("employees", "ghost", "people")))
                .body("identifiers[0].namespace", equalTo(List.of("db")));
        as(token)
                .head(BASE + "/" + share + "/namespaces/db/tables/people")
                .then()
                .statusCode(204);
        as(token).head(BASE + "/" + share + "/namespaces/db/tables/nope").then().statusCode(404);
        icebergError(
                as(token).get(BASE + "/" + share + "/namespaces/nope/tables").then(), 404, "NoSuchNamespaceException");
        icebergError(
                as(token).get(BASE + "/" + share + "/namespaces/db/tables/nope").then(), 404, "NoSuchTableException");
        // Pages follow pageSize, with a token for the next one and none on the last.
        String next = as(token)
                .get(BASE + "/" + share + "/namespaces/db/tables?pageSize=2")
                .then()
                .statusCode(200)
                .body("identifiers.name", equalTo(List.of("employees", "ghost")))
                .extract()
                .path("next-page-token");
        as(token)
                .get(BASE + "/" + share + "/namespaces/db/tables?pageSize=2&pageToken=" + next)
                .then()
                .statusCode(200)
                .body("identifiers.name", equalTo(List.of("people")))
                .body("next-page-token", nullValue());
    }

    @Test
    void tablesThatCannotBeServedAreRefusedSayingWhy() {
        ValidatableResponse delta = as(token)
                .get(BASE + "/" + share + "/namespaces/db/tables/employees")
                .then();
        icebergError(delta, 400, "BadRequestException");
        delta.body("error.message", containsString("Delta table"));
        // The local warehouse has no S3 endpoint to sign reads for.
        ValidatableResponse local = as(token)
                .get(BASE + "/" + share + "/namespaces/db/tables/people")
                .then();
        icebergError(local, 400, "BadRequestException");
        local.body("error.message", containsString("S3 only"));
        icebergError(
                as(token)
                        .get(BASE + "/" + share + "/namespaces/db/tables/ghost")
                        .then(),
                404,
                "NoSuchTableException");
        icebergError(
                as(token)
                        .get(BASE + "/" + share + "/namespaces/db/tables/people?snapshots=some")
                        .then(),
                400,
                "BadRequestException");
    }

    @Test
    void everyWriteIsForbidden() {
        String ns = BASE + "/" + share + "/namespaces";
        List<ValidatableResponse> writes = List.of(
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{\"namespace\":[\"x\"]}")
                        .post(ns)
                        .then(),
                as(token).delete(ns + "/db").then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(ns + "/db/properties")
                        .then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{\"name\":\"t\"}")
                        .post(ns + "/db/tables")
                        .then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(ns + "/db/tables/people")
                        .then(),
                as(token).delete(ns + "/db/tables/people").then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(ns + "/db/register")
                        .then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(BASE + "/" + share + "/tables/rename")
                        .then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post(BASE + "/" + share + "/transactions/commit")
                        .then(),
                as(token)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .put(ns + "/db/tables/people")
                        .then());
        for (ValidatableResponse write : writes) {
            icebergError(write, 403, "ForbiddenException");
        }
    }

    @Test
    void anotherSharesTokenSeesNothingOfThisShare() {
        icebergError(as(otherToken).get(BASE + "/config?warehouse=" + share).then(), 404, "NoSuchWarehouseException");
        icebergError(as(otherToken).get(BASE + "/" + share + "/namespaces").then(), 404, "NoSuchWarehouseException");
        icebergError(
                as(otherToken)
                        .get(BASE + "/" + share + "/namespaces/db/tables/people")
                        .then(),
                404,
                "NoSuchWarehouseException");
        icebergError(
                as(otherToken)
                        .contentType(ContentType.JSON)
                        .body(signRequest(
                                "GET", "http://127.0.0.1:9000/" + BUCKET + "/people/metadata/v1.metadata.json"))
                        .post(BASE + "/" + share + "/namespaces/db/tables/people/sign")
                        .then(),
                404,
                "NoSuchWarehouseException");
    }

    @Test
    void withoutAValidTokenTheAnswerIsAnIceberg401() {
        icebergError(given().get(BASE + "/config").then(), 401, "NotAuthorizedException");
        icebergError(
                as("dapi" + "0".repeat(64))
                        .get(BASE + "/" + share + "/namespaces")
                        .then(),
                401,
                "NotAuthorizedException");
    }

    @Test
    void signingRefusesWritesAndObjectsOutsideTheTable() {
        String sign = BASE + "/" + share + "/namespaces/db/tables/people/sign";
        for (String method : List.of("PUT", "POST", "DELETE")) {
            icebergError(
                    as(token)
                            .contentType(ContentType.JSON)
                            .body(signRequest(method, "http://127.0.0.1:9000/" + BUCKET + "/people/data/x.parquet"))
                            .post(sign)
                            .then(),
                    403,
                    "ForbiddenException");
        }
        // A Delta table has nothing to sign through this catalog.
        icebergError(
                as(token)
                        .contentType(ContentType.JSON)
                        .body(signRequest("GET", "http://127.0.0.1:9000/demo/employees/part-0.parquet"))
                        .post(BASE + "/" + share + "/namespaces/db/tables/employees/sign")
                        .then(),
                400,
                "BadRequestException");
    }

    @Test
    void malformedRequestsAreIcebergShaped4xx() {
        String sign = BASE + "/" + share + "/namespaces/db/tables/people/sign";
        for (String body : List.of(
                "not json",
                "[1]",
                "{\"method\": 3, \"uri\": \"x\"}",
                "{\"method\": \"GET\"}",
                "{\"method\": \"GET\", \"uri\": \"x\", \"headers\": [1]}",
                "{\"method\": \"GET\", \"uri\": \"x\", \"headers\": {\"a\": \"b\"}}")) {
            icebergError(
                    as(token)
                            .contentType(ContentType.JSON)
                            .body(body)
                            .post(sign)
                            .then(),
                    400,
                    "BadRequestException");
        }
        icebergError(
                as(token).get(BASE + "/" + share + "/namespaces?pageSize=-1").then(), 400, "BadRequestException");
        icebergError(
                as(token)
                        .get(BASE + "/" + share + "/namespaces?pageToken=garbage")
                        .then(),
                400,
                "BadRequestException");
        icebergError(as(token).get(BASE + "/" + share + "/views").then(), 404, "NotFoundException");
        icebergError(
                as(token)
                        .get(BASE + "/" + share + "/namespaces/db%1Fsub/tables")
                        .then(),
                404,
                "NoSuchNamespaceException");
    }

    private static String signRequest(String method, String uri) {
        return "{\"region\": \"us-east-1\", \"method\": \"" + method + "\", \"uri\": \"" + uri
                + "\", \"headers\": {\"User-Agent\": [\"test\"]}}";
    }
}
