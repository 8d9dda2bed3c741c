package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.logging.LogRuntimeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    private static final String SIGNED_URL =
            "http://s3:9000/b/k?X-Amz-Credential=AKIA%2F20261125&X-Amz-Signature=0a1b2c3d4e5f";

    @Test
    void signaturesAndCredentialsInUrlsAreCut() {
        assertEquals(
                "HTTP Request to /_lakeshare/v1/files/abc?e=1795587067&X-Amz-Signature=<redacted> failed",
                SecretRedaction.redact(
                        "HTTP Request to /_lakeshare/v1/files/abc?e=1795587067&X-Amz-Signature=gJDkwdXXleD142iIFBIDOrRcsSq5 failed"));
        assertEquals(
                "GET https://s3/b/k?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>",
                SecretRedaction.redact("GET https://s3/b/k?X-Amz-Credential=AKIA%2F20261125&X-Amz-Signature=0a1b2c"));
    }

    @Test
    void bearerTokensAreCut() {
        assertEquals("Authorization: Bearer <redacted>", SecretRedaction.redact("Authorization: Bearer s3cr3t-admin"));
        assertEquals(
                "token dapi<redacted> refused",
                SecretRedaction.redact("token dapi" + "0123456789abcdef".repeat(4) + " refused"));
    }

    @Test
    void oauthAccessTokensAndBasicCredentialsAreCut() {
        assertEquals(
                "access lsat<redacted> refused",
                SecretRedaction.redact("access lsat" + "0123456789abcdef".repeat(7) + " refused"));
        assertEquals(
                "Authorization: Basic <redacted>",
                SecretRedaction.redact("Authorization: Basic Y2xpZW50OmRhcGkwMTIzNDU2Nzg5"));
    }

    @Test
    void jwtsFromRecipientsIdentityProvidersAreCut() {
        String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJwYXJ0bmVyIn0.c2lnbmF0dXJlLWJ5dGVz_-x";
        assertEquals("token eyJ<redacted> refused", SecretRedaction.redact("token " + jwt + " refused"));
        assertEquals(
                "{\"access_token\":\"eyJ<redacted>\"}", SecretRedaction.redact("{\"access_token\":\"" + jwt + "\"}"));
    }

    @Test
    void vendedCredentialsInJsonAreCut() {
        assertEquals(
                "{\"credentials\":{\"location\":\"s3://lake/t\",\"awsTempCredentials\":{\"accessKeyId\":\"<redacted>\","
                        + "\"secretAccessKey\":\"<redacted>\",\"sessionToken\":\"<redacted>\"},\"expirationTime\":1}}",
                SecretRedaction.redact("{\"credentials\":{\"location\":\"s3://lake/t\",\"awsTempCredentials\":"
                        + "{\"accessKeyId\":\"ASIA0123456789ABCDEF\",\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG\","
                        + "\"sessionToken\":\"eyJhbGciOiJIUzUxMiJ9.eyJhY2Nlc3NLZXkiOiJB\"},\"expirationTime\":1}}"));
        // As a Python client prints its dict.
        assertEquals(
                "{'secretAccessKey': '<redacted>', 'sessionToken': '<redacted>'}",
                SecretRedaction.redact("{'secretAccessKey': 'abc/def+ghi', 'sessionToken': 'tok.en'}"));
    }

    @Test
    void stsAnswersAreCut() {
        assertEquals(
                "<Credentials><AccessKeyId><redacted></AccessKeyId><SecretAccessKey><redacted></SecretAccessKey>"
                        + "<SessionToken><redacted></SessionToken><Expiration>2026-12-03T16:00:00Z</Expiration>",
                SecretRedaction.redact(
                        "<Credentials><AccessKeyId>ASIA0123</AccessKeyId>"
                                + "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG</SecretAccessKey>"
                                + "<SessionToken>FwoGZXIvYXdzEJr//////////</SessionToken><Expiration>2026-12-03T16:00:00Z</Expiration>"));
    }

    @Test
    void credentialsAsKeyValuePairsAreCut() {
        assertEquals(
                "AWS_SECRET_ACCESS_KEY=<redacted> aws_session_token=<redacted>, sessionToken=<redacted>)",
                SecretRedaction.redact(
                        "AWS_SECRET_ACCESS_KEY=wJalr/XUtn aws_session_token=FwoGZXIv, sessionToken=eyJhbGci)"));
        // Names that only look alike are left alone.
        assertEquals(
                "lakeshare.storage.s3.secret-access-key-file=/run/secret",
                SecretRedaction.redact("lakeshare.storage.s3.secret-access-key-file=/run/secret"));
    }

    @Test
    void aTokenPrefixShownToOwnersStays() {
        // Owners recognise tokens by their first hex digits; ten characters are no secret.
        assertEquals("Created token (dapid5d5be...)", SecretRedaction.redact("Created token (dapid5d5be...)"));
    }

    private static ExtLogRecord filtered(String message, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(
                Level.WARNING, message, ExtLogRecord.FormatStyle.NO_FORMAT, SecretRedactionTest.class.getName());
        record.setThrown(thrown);
        assertTrue(new SafeLogLines().isLoggable(record), "lines are redacted, never dropped");
        return record;
    }

    /** The line as the console and file handlers print it: message, then the exception (%e). */
    private static String printed(ExtLogRecord record) {
        return new PatternFormatter("%s%e").format(record);
    }

    @Test
    void anExceptionsTextIsCutToo() {
        IOException cause = new IOException("GET " + SIGNED_URL + " refused");
        IOException failure = new IOException("Cannot read " + SIGNED_URL, cause);
        failure.addSuppressed(new IllegalStateException("retried with Authorization: Bearer s3cr3t-admin"));

        ExtLogRecord record = filtered("Download failed", failure);
        String line = printed(record);

        assertFalse(line.contains("0a1b2c3d4e5f") || line.contains("AKIA") || line.contains("s3cr3t-admin"), line);
        assertTrue(
                line.contains(
                        "java.io.IOException: Cannot read http://s3:9000/b/k?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>"),
                line);
        assertTrue(line.contains("Caused by: java.io.IOException: GET http://s3:9000/b/k?"), line);
        assertTrue(
                line.contains(
                        "Suppressed: java.lang.IllegalStateException: retried with Authorization: Bearer <redacted>"),
                line);
        assertEquals(
                failure.getMessage().replace("AKIA%2F20261125", "<redacted>").replace("0a1b2c3d4e5f", "<redacted>"),
                record.getThrown().getMessage());
    }

    @Test
    void theStackTraceIsKept() {
        IOException cause = new IOException("GET " + SIGNED_URL);
        IOException failure = new IOException("Cannot read", cause);

        Throwable shown = filtered("Download failed", failure).getThrown();

        assertArrayEquals(failure.getStackTrace(), shown.getStackTrace());
        assertArrayEquals(cause.getStackTrace(), shown.getCause().getStackTrace());
        assertTrue(printed(filtered("Download failed", failure))
                .contains("at " + SecretRedactionTest.class.getName() + ".theStackTraceIsKept"));
    }

    @Test
    void anExceptionWithoutSecretsIsLoggedAsItIs() {
        ConnectException failure = new ConnectException("Connection refused: s3:9000");
        assertSame(failure, filtered("Storage does not answer", failure).getThrown());
    }

    @Test
    void aCauseChainThatLoopsIsCopiedOnce() {
        IOException first = new IOException("first " + SIGNED_URL);
        IOException second = new IOException("second", first);
        first.initCause(second);

        Throwable shown = filtered("Loop", first).getThrown();

        assertEquals("java.io.IOException: second", shown.getCause().toString());
        assertEquals(null, shown.getCause().getCause());
    }

    /**
     * Every handler kind Quarkus configures (console, file, syslog, socket; JSON output is a format of
     * these) runs the filter: an operator switching on another handler keeps redaction.
     */
    @Test
    void everyLogHandlerIsFiltered() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SecretRedactionTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        List<String> handlers = new ArrayList<>();
        for (Method method : LogRuntimeConfig.class.getMethods()) {
            if (method.getParameterCount() == 0 && hasFilter(method.getReturnType())) {
                handlers.add(method.getName().toLowerCase(Locale.ROOT));
            }
        }
        assertTrue(handlers.containsAll(List.of("console", "file", "syslog", "socket")), handlers.toString());
        for (String handler : handlers) {
            assertEquals(
                    "safe-log-lines",
                    properties.getProperty("quarkus.log." + handler + ".filter"),
                    handler + " handler");
        }
    }

    private static boolean hasFilter(Class<?> type) {
        try {
            return type.getMethod("filter") != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
