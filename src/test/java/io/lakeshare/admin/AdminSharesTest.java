package io.lakeshare.admin;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminSharesTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void createdShareShowsItsSchemaAndTables() {
        String share = uniqueName("sales");
        createShare(
                        share,
                        "default",
                        "employees:delta:analytics:employees/",
                        "orders:iceberg:analytics:/warehouse/orders")
                .statusCode(201)
                .body("name", equalTo(share))
                .body("id", matchesPattern(UUID_PATTERN))
                .body("description", equalTo("made by a test"))
                .body("schemas", equalTo(List.of("default")))
                .body("tables.name", equalTo(List.of("employees", "orders")))
                .body("tables[0].format", equalTo("delta"))
                .body("tables[0].bucket", equalTo("analytics"))
                .body("tables[0].prefix", equalTo("employees/"))
                .body("tables[1].prefix", equalTo("warehouse/orders/"))
                .body("tables[1].spec", equalTo("default:orders:iceberg:analytics:warehouse/orders/"));

        admin().get("/api/admin/v1/shares/{s}", share.toUpperCase())
                .then()
                .statusCode(200)
                .body("name", equalTo(share))
                .body("tables", hasSize(2))
                .body("tokens", equalTo(0));
        admin().get("/api/admin/v1/shares").then().statusCode(200).body("items.name", hasItem(share));
    }

    @Test
    void shareInfoTellsWhetherEachTableIsWhereTheSpecSays() {
        String share = uniqueName("where");
        createShare(
                        share,
                        "s",
                        "employees:delta:demo:employees/",
                        "missing:delta:demo:nothing-here/",
                        "elsewhere:delta:no-such-bucket:t/",
                        "ice:iceberg:demo:employees/")
                .statusCode(201);
        admin().get("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("tables.name", equalTo(List.of("elsewhere", "employees", "ice", "missing")))
                .body("tables.location.store", equalTo(List.of("local", "local", "local", "local")))
                .body("tables.location.found", equalTo(List.of(false, true, false, false)))
                .body("tables[0].location.detail", containsString("'no-such-bucket' does not exist"))
                .body("tables[1].location.detail", equalTo("Delta log found at demo/employees/_delta_log/"))
                .body("tables[1].location.version", equalTo(1))
                .body("tables[1].location.files", equalTo(5))
                .body("tables[1].location.filesWithoutStats", equalTo(0))
                .body("tables[1].location.smallFiles", equalTo(5))
                .body("tables[1].location.hints", hasSize(0))
                .body("tables[0].location.version", org.hamcrest.Matchers.nullValue())
                .body("tables[2].location.detail", equalTo("No Iceberg metadata at demo/employees/metadata/ yet"))
                .body("tables[3].location.detail", equalTo("No Delta log at demo/nothing-here/_delta_log/ yet"));
    }

    @Test
    void shareNamesAreUniqueIgnoringCase() {
        String share = uniqueName("dup");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        createShare(share.toUpperCase(), "s", "t:delta:bucket1:t/")
                .statusCode(409)
                .body("errorCode", equalTo("RESOURCE_ALREADY_EXISTS"))
                .body("message", containsString("already exists"));
    }

    @Test
    void malformedTableSpecsSayWhichPartIsWrong() {
        createShare(uniqueName("bad"), "s", "only:two")
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("name:format:bucket:prefix"));
        createShare(uniqueName("bad"), "s", "t:parquet:bucket1:t/")
                .statusCode(400)
                .body("message", containsString("Unknown format 'parquet'"))
                .body("message", containsString("delta, iceberg"));
        createShare(uniqueName("bad"), "s", "t:delta::t/")
                .statusCode(400)
                .body("message", containsString("bucket is empty"));
        createShare(uniqueName("bad"), "s", "t:delta:bucket1:../etc/")
                .statusCode(400)
                .body("message", containsString("'..'"));
        createShare(uniqueName("bad"), "s", "a.b:delta:bucket1:t/")
                .statusCode(400)
                .body("message", containsString("Invalid table name 'a.b'"));
        createShare("has space", "s", "t:delta:bucket1:t/")
                .statusCode(400)
                .body("message", containsString("Invalid share name"));
        createShare(uniqueName("bad"), "s", "t:delta:bucket1:t/", "T:delta:bucket1:u/")
                .statusCode(409);
    }

    @Test
    void nothingIsKeptWhenPartOfARequestIsBad() {
        String share = uniqueName("atomic");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        admin().body(Map.of("add", List.of("s:u:delta:bucket1:u/"), "remove", List.of("s/missing")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        admin().get("/api/admin/v1/shares/{s}", share).then().body("tables.name", equalTo(List.of("t")));
    }

    @Test
    void updateAddsAndRemovesTablesAndChangesTheDescription() {
        String share = uniqueName("upd");
        createShare(share, "s1", "a:delta:bucket1:a/", "b:delta:bucket1:b/").statusCode(201);

        admin().body(Map.of(
                        "add",
                        List.of("s2:c:delta:bucket2:c/", "s1:d:iceberg:bucket1:d/"),
                        "remove",
                        List.of("S1/A"),
                        "description",
                        "new words"))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("description", equalTo("new words"))
                .body("schemas", equalTo(List.of("s1", "s2")))
                .body(
                        "tables.spec",
                        equalTo(List.of("s1:b:delta:bucket1:b/", "s1:d:iceberg:bucket1:d/", "s2:c:delta:bucket2:c/")));

        // A schema whose last table goes is removed with it.
        admin().body(Map.of("remove", List.of("s2/c")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("schemas", equalTo(List.of("s1")));

        admin().body(Map.of("add", List.of("s1:B:delta:bucket1:x/")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(409);
        admin().body(Map.of("add", List.of("b:delta:bucket1:x/")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("schema:name:format:bucket:prefix"));
        admin().body(Map.of("remove", List.of("noslash")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("SCHEMA/TABLE"));
    }

    @Test
    void removingAShareRevokesItsTokens() {
        String share = uniqueName("gone");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        String token = io.lakeshare.Admin.createToken(share);
        given().auth().oauth2(token).get("/_delta-sharing/v1/shares").then().statusCode(200);

        admin().delete("/api/admin/v1/shares/{s}", share).then().statusCode(204);

        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares")
                .then()
                .statusCode(401)
                .body("errorCode", equalTo("UNAUTHENTICATED"));
        admin().get("/api/admin/v1/shares/{s}", share).then().statusCode(404);
        admin().delete("/api/admin/v1/shares/{s}", share).then().statusCode(404);
        admin().get("/api/admin/v1/shares").then().body("items.name", not(hasItem(share)));
    }

    @Test
    void theAdminApiNeedsTheAdminCredential() {
        given().get("/api/admin/v1/shares").then().statusCode(401).body("errorCode", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("wrong").get("/api/admin/v1/shares").then().statusCode(401);
        // A recipient token is no admin credential.
        String share = uniqueName("notadmin");
        createShare(share, "s", "t:delta:bucket1:t/").statusCode(201);
        given().auth()
                .oauth2(io.lakeshare.Admin.createToken(share))
                .get("/api/admin/v1/shares")
                .then()
                .statusCode(401);
    }

    @Test
    void badBodiesAreMalformedRequests() {
        admin().body("{not json")
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("MALFORMED_REQUEST"));
        // A field of the wrong type is named, in JSON's words, not the server's Java types.
        admin().body("{\"name\": [1,2]}")
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", equalTo("Field 'name' must be a string"));
        admin().body(Map.of("schema", "s"))
                .post("/api/admin/v1/shares")
                .then()
                .statusCode(400)
                .body("message", containsString("share name is empty"));
    }

    @Test
    void theAdminApiPublishesAnOpenApiDocument() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/admin/v1/shares"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/admin/v1/tokens"));
    }
}
