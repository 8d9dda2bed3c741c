package io.lakeshare.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session policy of vended credentials reads a table's prefixes, and nothing else. */
class SessionPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode policy(String bucket, String prefix) throws Exception {
        return JSON.readTree(SessionPolicy.readOnly(bucket, prefix));
    }

    @Test
    void itAllowsReadingTheObjectsUnderThePrefixOnly() throws Exception {
        JsonNode p = policy("lake", "sales/orders/");
        assertEquals("2012-10-17", p.path("Version").asText());
        assertEquals(2, p.path("Statement").size(), "two statements, no more");
        JsonNode read = p.path("Statement").get(0);
        assertEquals("Allow", read.path("Effect").asText());
        assertEquals("[\"s3:GetObject\"]", read.path("Action").toString());
        assertEquals(
                "[\"arn:aws:s3:::lake/sales/orders/*\"]", read.path("Resource").toString());
    }

    @Test
    void listingIsOfTheBucketWithAConditionOnThePrefix() throws Exception {
        JsonNode list = policy("lake", "sales/orders/").path("Statement").get(1);
        assertEquals("Allow", list.path("Effect").asText());
        assertEquals("[\"s3:ListBucket\"]", list.path("Action").toString());
        assertEquals("[\"arn:aws:s3:::lake\"]", list.path("Resource").toString());
        assertEquals(
                "{\"StringLike\":{\"s3:prefix\":[\"sales/orders/*\"]}}",
                list.path("Condition").toString());
    }

    @Test
    void wildcardsAndVariablesInAPrefixAreLiterals() throws Exception {
        JsonNode p = policy("lake", "a*b/c?d/$x/");
        assertEquals(
                "arn:aws:s3:::lake/a${*}b/c${?}d/${$}x/*",
                p.path("Statement").get(0).path("Resource").get(0).asText());
        assertEquals(
                "a${*}b/c${?}d/${$}x/*",
                p.path("Statement")
                        .get(1)
                        .path("Condition")
                        .path("StringLike")
                        .path("s3:prefix")
                        .get(0)
                        .asText());
    }

    @Test
    void quotesAndBackslashesInAPrefixCannotBreakOutOfTheDocument() throws Exception {
        String prefix = "x\"],\"Action\":[\"s3:*\"]\\/";
        JsonNode p = policy("lake", prefix);
        assertEquals(2, p.path("Statement").size());
        assertEquals(
                "[\"s3:GetObject\"]", p.path("Statement").get(0).path("Action").toString());
        assertEquals(
                "arn:aws:s3:::lake/" + prefix.replace("*", "${*}") + "*",
                p.path("Statement").get(0).path("Resource").get(0).asText());
    }

    @Test
    void aTableAtTheBucketsRootReadsTheBucket() throws Exception {
        JsonNode p = policy("lake", "");
        assertEquals(
                "arn:aws:s3:::lake/*",
                p.path("Statement").get(0).path("Resource").get(0).asText());
        assertEquals(
                "*",
                p.path("Statement")
                        .get(1)
                        .path("Condition")
                        .path("StringLike")
                        .path("s3:prefix")
                        .get(0)
                        .asText());
    }

    @Test
    void aTableKeepingFilesInTwoPlacesOfABucketReadsAndListsBothAndNoMore() throws Exception {
        JsonNode p = JSON.readTree(SessionPolicy.readOnly(List.of(
                new ObjectPrefix("lake", "sales/orders/"),
                new ObjectPrefix("lake", "_lakeshare/iceberg/ab12/metadata/"),
                new ObjectPrefix("lake", "sales/orders/"))));
        assertEquals(2, p.path("Statement").size(), "one reading, one listing the bucket");
        assertEquals(
                "[\"arn:aws:s3:::lake/sales/orders/*\",\"arn:aws:s3:::lake/_lakeshare/iceberg/ab12/metadata/*\"]",
                p.path("Statement").get(0).path("Resource").toString());
        assertEquals(
                "{\"StringLike\":{\"s3:prefix\":[\"sales/orders/*\",\"_lakeshare/iceberg/ab12/metadata/*\"]}}",
                p.path("Statement").get(1).path("Condition").toString());
    }

    @Test
    void eachBucketIsListedUnderItsOwnPrefixesOnly() throws Exception {
        JsonNode p = JSON.readTree(SessionPolicy.readOnly(
                List.of(new ObjectPrefix("lake", "sales/orders/"), new ObjectPrefix("meta", "gen/"))));
        assertEquals(3, p.path("Statement").size());
        JsonNode lake = p.path("Statement").get(1);
        JsonNode meta = p.path("Statement").get(2);
        assertEquals("[\"arn:aws:s3:::lake\"]", lake.path("Resource").toString());
        assertEquals(
                "[\"sales/orders/*\"]",
                lake.at("/Condition/StringLike/s3:prefix").toString());
        assertEquals("[\"arn:aws:s3:::meta\"]", meta.path("Resource").toString());
        assertEquals("[\"gen/*\"]", meta.at("/Condition/StringLike/s3:prefix").toString());
        assertNotEquals(lake.path("Sid").asText(), meta.path("Sid").asText());
    }

    @Test
    void theLocationIsTheTableRootWithoutATrailingSlash() {
        assertEquals("s3://lake/sales/orders", Storage.directoryLocation("lake", "sales/orders/"));
        assertEquals("s3://lake", Storage.directoryLocation("lake", ""));
    }
}
