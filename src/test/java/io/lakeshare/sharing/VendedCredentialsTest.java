package io.lakeshare.sharing;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.Admin;
import io.lakeshare.fixtures.MinioResource;
import io.lakeshare.fixtures.MinioServer;
import io.lakeshare.ops.audit.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Directory access (PROTOCOL.md "Generate Temporary Table Credential") against a real MinIO: a table
 * the owner opened with {@code --access SCHEMA/TABLE=dir} is listed with its location and both
 * access modes, and its recipients get temporary keys from MinIO's STS that read that table's
 * prefix and nothing else. Every other table is refused for what it is, each vend is audited
 * without its keys, and the keys never reach the log.
 */
@QuarkusTest
@TestProfile(VendedCredentialsTest.WithMinio.class)
class VendedCredentialsTest {

    public static class WithMinio implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MinioResource.class));
        }
    }

    static final String BUCKET = MinioResource.BUCKET;
    static final String TABLE_PREFIX = "hr/employees/";
    /** Shares its first characters with the table's prefix: the policy must not reach it. */
    static final String NEIGHBOUR_KEY = "hr/employees-private/salaries.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> auditLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            auditLines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void putTheTableIntoMinio() throws Exception {
        Assumptions.assumeTrue(
                MinioServer.binary().isPresent(), "MinIO is not installed (./dev test builds it from source)");
        try (S3Client s3 = s3(AwsBasicCredentials.create(MinioServer.ACCESS_KEY, MinioServer.SECRET_KEY))) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            Path source = Path.of("demo", "warehouse", "demo", "employees");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String key = TABLE_PREFIX + source.relativize(p).toString().replace('\\', '/');
                    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(p));
                }
            }
            s3.putObject(b -> b.bucket(BUCKET).key(NEIGHBOUR_KEY), RequestBody.fromString("not shared"));
        }
    }

    @BeforeEach
    void listen() {
        Logger.getLogger(AuditLog.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(capture);
    }

    private static S3Client s3(AwsCredentials credentials) {
        String endpoint = ConfigProvider.getConfig().getValue("lakeshare.storage.s3.endpoint", String.class);
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    private static String tablePath(String share, String table) {
        return "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables/" + table;
    }

    private static void access(String share, String setting) {
        admin().body(Map.of("access", List.of(setting)))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200);
    }

    /** A share holding the MinIO table, opened to directory access; returns a token of it. */
    private static String dirShare(String share) {
        createShare(share, "hr", "employees:delta:" + BUCKET + ":" + TABLE_PREFIX)
                .statusCode(201);
        access(share, "hr/employees=dir");
        return createToken(share);
    }

    private static io.restassured.response.Response vend(String token, String share, String table, String body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.post(tablePath(share, table) + "/temporary-table-credentials");
    }

    @Test
    void aTableOpenedToDirectoryAccessIsListedWithItsLocationAndBothModes() throws Exception {
        String share = uniqueName("dirlist");
        String token = dirShare(share);
        String location = "s3://" + BUCKET + "/hr/employees";
        for (String listing : new String[] {
            "/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables",
            "/_delta-sharing/v1/shares/" + share + "/all-tables"
        }) {
            given().auth()
                    .oauth2(token)
                    .get(listing)
                    .then()
                    .statusCode(200)
                    .body("items[0].name", equalTo("employees"))
                    .body("items[0].location", equalTo(location))
                    .body("items[0].accessModes", equalTo(List.of("url", "dir")));
        }
        for (String format : new String[] {"parquet", "delta"}) {
            String[] lines = given().auth()
                    .oauth2(token)
                    .header("delta-sharing-capabilities", "responseformat=" + format)
                    .get(tablePath(share, "employees") + "/metadata")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString()
                    .split("\n");
            JsonNode metadata = JSON.readTree(lines[1]).path("metaData");
            assertEquals(location, metadata.path("location").asText(), format);
            assertEquals("[\"url\",\"dir\"]", metadata.path("accessModes").toString(), format);
        }
        admin().get("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(200)
                .body("tables[0].accessMode", equalTo("dir"));
    }

    @Test
    void theVendedKeysReadTheTablesPrefixAndNothingElse() throws Exception {
        String share = uniqueName("dirread");
        String token = dirShare(share);
        Instant before = Instant.now();
        JsonPath answer = vend(token, share, "employees", null)
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("credentials.location", equalTo("s3://" + BUCKET + "/hr/employees"))
                .extract()
                .jsonPath();
        String keyId = answer.getString("credentials.awsTempCredentials.accessKeyId");
        String secret = answer.getString("credentials.awsTempCredentials.secretAccessKey");
        String session = answer.getString("credentials.awsTempCredentials.sessionToken");
        long expiration = answer.getLong("credentials.expirationTime");
        assertFalse(keyId.isBlank() || secret.isBlank() || session.isBlank(), "all three parts are given");
        assertNotEquals(MinioServer.ACCESS_KEY, keyId, "temporary keys, not the server's own");
        // The default lifetime is one hour.
        Instant expires = Instant.ofEpochMilli(expiration);
        assertTrue(expires.isAfter(before.plus(Duration.ofMinutes(55))), "expires " + expires);
        assertTrue(expires.isBefore(Instant.now().plus(Duration.ofMinutes(61))), "expires " + expires);

        try (S3Client vended = s3(AwsSessionCredentials.create(keyId, secret, session))) {
            String log = vended.getObjectAsBytes(
                            b -> b.bucket(BUCKET).key(TABLE_PREFIX + "_delta_log/00000000000000000000.json"))
                    .asString(StandardCharsets.UTF_8);
            assertTrue(log.contains("\"commitInfo\"") || log.contains("\"protocol\""), log);
            List<String> keys = new ArrayList<>();
            vended.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(TABLE_PREFIX))
                    .contents()
                    .forEach(o -> keys.add(o.key()));
            assertTrue(keys.contains(TABLE_PREFIX + "_delta_log/00000000000000000000.json"), keys.toString());

            S3Exception neighbour = assertThrows(
                    S3Exception.class,
                    () -> vended.getObjectAsBytes(b -> b.bucket(BUCKET).key(NEIGHBOUR_KEY)));
            assertEquals(403, neighbour.statusCode());
            S3Exception listing = assertThrows(
                    S3Exception.class,
                    () -> vended.listObjectsV2(b -> b.bucket(BUCKET).prefix("hr/")));
            assertEquals(403, listing.statusCode());
            S3Exception write = assertThrows(
                    S3Exception.class,
                    () -> vended.putObject(
                            b -> b.bucket(BUCKET).key(TABLE_PREFIX + "planted.parquet"), RequestBody.fromString("x")));
            assertEquals(403, write.statusCode());
            S3Exception delete = assertThrows(
                    S3Exception.class,
                    () -> vended.deleteObject(
                            b -> b.bucket(BUCKET).key(TABLE_PREFIX + "_delta_log/00000000000000000000.json")));
            assertEquals(403, delete.statusCode());
        }
    }

    @Test
    void theLocationAskedForMustBeTheTablesRoot() {
        String share = uniqueName("dirloc");
        String token = dirShare(share);
        for (String body : new String[] {
            "{\"location\": \"s3://" + BUCKET + "/hr\"}",
            "{\"location\": \"s3://" + BUCKET + "/hr/employees-private\"}",
            "{\"location\": \"s3://other/hr/employees\"}",
            "{\"location\": \"\"}",
            "{\"location\": 5}"
        }) {
            vend(token, share, "employees", body)
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                    .body("message", containsString("'location'"));
        }
        for (String body : new String[] {
            "{\"location\": \"s3://" + BUCKET + "/hr/employees\"}",
            "{\"location\": \"s3://" + BUCKET + "/hr/employees/\"}",
            "{}",
            ""
        }) {
            vend(token, share, "employees", body)
                    .then()
                    .statusCode(200)
                    .body("credentials.location", equalTo("s3://" + BUCKET + "/hr/employees"));
        }
    }

    @Test
    void aTableSharedByUrlOnlyIsRefusedAndListedAsBefore() {
        String share = uniqueName("urlonly");
        createShare(share, "hr", "employees:delta:" + BUCKET + ":" + TABLE_PREFIX)
                .statusCode(201);
        String token = createToken(share);
        vend(token, share, "employees", null)
                .then()
                .statusCode(403)
                .body("errorCode", equalTo("PERMISSION_DENIED"))
                .body("message", containsString("'employees'"))
                .body("message", not(containsString(BUCKET)));
        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/schemas/hr/tables")
                .then()
                .statusCode(200)
                .body("items[0].location", nullValue())
                .body("items[0].accessModes", nullValue());
        // Opened, then closed again: refused again.
        access(share, "hr/employees=dir");
        vend(token, share, "employees", null).then().statusCode(200);
        access(share, "hr/employees=url");
        vend(token, share, "employees", null).then().statusCode(403);
    }

    @Test
    void theOwnersAccessSettingsAreCheckedAllOrNothing() {
        String share = uniqueName("dirset");
        createShare(share, "hr", "employees:delta:" + BUCKET + ":" + TABLE_PREFIX)
                .statusCode(201);
        for (String bad : new String[] {"hr/employees=maybe", "hr/employees", "employees=dir", "hr/employees=dir@3"}) {
            admin().body(Map.of("access", List.of(bad)))
                    .patch("/api/admin/v1/shares/{s}", share)
                    .then()
                    .statusCode(400)
                    .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"));
        }
        admin().body(Map.of("access", List.of("hr/employees=dir", "hr/nothing=dir")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(404);
        admin().get("/api/admin/v1/shares/{s}", share).then().body("tables[0].accessMode", equalTo("url"));
        admin().body(Map.of("add", List.of("hr:lake:iceberg-rest:wh:ns:t"), "access", List.of("hr/lake=dir")))
                .patch("/api/admin/v1/shares/{s}", share)
                .then()
                .statusCode(400)
                .body("message", containsString("Iceberg REST catalog"));
    }

    @Test
    void aLocalTableCannotVendCredentials() {
        String share = uniqueName("dirlocal");
        createShare(share, "hr", "employees:delta:demo:employees/").statusCode(201);
        access(share, "hr/employees=dir");
        String token = createToken(share);
        vend(token, share, "employees", null)
                .then()
                .statusCode(400)
                .body("errorCode", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("local tables cannot vend credentials"));
        // It is not offered to recipients either.
        given().auth()
                .oauth2(token)
                .get("/_delta-sharing/v1/shares/" + share + "/all-tables")
                .then()
                .statusCode(200)
                .body("items[0].accessModes", nullValue());
    }

    @Test
    void unknownTablesAndOtherSharesAreMissingAndBadTokensUnauthenticated() {
        String share = uniqueName("dirmiss");
        String token = dirShare(share);
        vend(token, share, "nothing", null)
                .then()
                .statusCode(404)
                .body("errorCode", equalTo("RESOURCE_DOES_NOT_EXIST"));
        String other = uniqueName("dirother");
        dirShare(other);
        vend(token, other, "employees", null).then().statusCode(404);
        vend("dapi" + "0".repeat(64), share, "employees", null).then().statusCode(401);
    }

    @Test
    void aRecipientsTokenVendsForGrantedSharesOnly() {
        String share = uniqueName("dirgrant");
        dirShare(share);
        String recipient = Admin.createRecipient("partner");
        String token = Admin.createRecipientToken(recipient);
        vend(token, share, "employees", null).then().statusCode(404);
        Admin.grant(share, recipient);
        vend(token, share, "employees", null).then().statusCode(200);
        admin().delete("/api/admin/v1/shares/{s}/recipients/{r}", share, recipient)
                .then()
                .statusCode(200);
        vend(token, share, "employees", null).then().statusCode(404);
    }

    @Test
    void credentialsAreKeptPerTokenAndTable() {
        String share = uniqueName("dirkept");
        String token = dirShare(share);
        String first = vend(token, share, "employees", null)
                .then()
                .statusCode(200)
                .extract()
                .path("credentials.awsTempCredentials.accessKeyId");
        String again = vend(token, share, "employees", null)
                .then()
                .statusCode(200)
                .extract()
                .path("credentials.awsTempCredentials.accessKeyId");
        assertEquals(first, again, "asked again, the same credentials: no second STS call");
        String otherToken = createToken(share);
        String other = vend(otherToken, share, "employees", null)
                .then()
                .statusCode(200)
                .extract()
                .path("credentials.awsTempCredentials.accessKeyId");
        assertNotEquals(first, other, "another token gets credentials of its own");
    }

    @Test
    void everyVendIsAuditedWithItsExpiryAndWithoutItsKeys() throws Exception {
        String share = uniqueName("diraudit");
        String token = dirShare(share);
        JsonPath answer = vend(token, share, "employees", null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String secret = answer.getString("credentials.awsTempCredentials.secretAccessKey");
        String session = answer.getString("credentials.awsTempCredentials.sessionToken");
        long expiration = answer.getLong("credentials.expirationTime");
        String tokenId = admin().get("/api/admin/v1/tokens?share={s}", share)
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        JsonNode line = null;
        for (int i = 0; i < 100 && line == null; i++) {
            for (String l : auditLines) {
                if (l.contains(share) && l.contains("temporary-table-credentials")) {
                    line = JSON.readTree(l);
                    assertFalse(l.contains(secret), "the audit never holds the secret key");
                    assertFalse(l.contains(session), "the audit never holds the session token");
                }
            }
            Thread.sleep(20);
        }
        assertTrue(line != null, "a vend is audited: " + auditLines);
        assertEquals(tokenId, line.path("tokenId").asText());
        assertEquals(share, line.path("share").asText());
        assertEquals("hr.employees", line.path("table").asText());
        assertEquals("temporary-table-credentials", line.path("endpoint").asText());
        assertEquals(
                Instant.ofEpochMilli(expiration).toString(),
                line.path("credentialsExpireAt").asText());
        assertEquals(200, line.path("status").asInt());

        // A refusal is audited too, without an expiry.
        String urlShare = uniqueName("diraudit");
        createShare(urlShare, "hr", "employees:delta:" + BUCKET + ":" + TABLE_PREFIX)
                .statusCode(201);
        vend(createToken(urlShare), urlShare, "employees", null).then().statusCode(403);
        JsonNode refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            for (String l : auditLines) {
                if (l.contains(urlShare)) {
                    refused = JSON.readTree(l);
                }
            }
            Thread.sleep(20);
        }
        assertTrue(refused != null, "a refused vend is audited");
        assertEquals(403, refused.path("status").asInt());
        assertTrue(refused.path("credentialsExpireAt").isMissingNode());
    }

    @Test
    void theVendedKeysNeverReachTheLog() throws Exception {
        String share = uniqueName("dirlog");
        String token = dirShare(share);
        JsonPath answer = vend(token, share, "employees", null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String secret = answer.getString("credentials.awsTempCredentials.secretAccessKey");
        String session = answer.getString("credentials.awsTempCredentials.sessionToken");
        // The test profile writes the server's log (through the redacting filter) to this file.
        Path log = Path.of("target", "test-logs", "quarkus-test.log");
        Thread.sleep(200);
        String text = Files.readString(log);
        assertTrue(text.contains(share), "the log of this run is the one read");
        assertFalse(text.contains(secret), "the secret key is not in the log");
        assertFalse(text.contains(session), "the session token is not in the log");
    }
}
