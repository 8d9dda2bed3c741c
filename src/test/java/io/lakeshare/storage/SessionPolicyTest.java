package io.lakeshare.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The session policy of vended credentials reads one prefix of one bucket, and nothing else. */
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
    void theLocationIsTheTableRootWithoutATrailingSlash() {
        assertEquals("s3://lake/sales/orders", Storage.directoryLocation("lake", "sales/orders/"));
        assertEquals("s3://lake", Storage.directoryLocation("lake", ""));
    }
}
