package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void signaturesAndCredentialsInUrlsAreCut() {
        assertEquals("HTTP Request to /_lakeshare/v1/files/abc?e=1795587067&X-Amz-Signature=<redacted> failed",
                SecretRedaction.redact("HTTP Request to /_lakeshare/v1/files/abc?e=1795587067&X-Amz-Signature=gJDkwdXXleD142iIFBIDOrRcsSq5 failed"));
        assertEquals("GET https://s3/b/k?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>",
                SecretRedaction.redact("GET https://s3/b/k?X-Amz-Credential=AKIA%2F20261125&X-Amz-Signature=0a1b2c"));
    }

    @Test
    void bearerTokensAreCut() {
        assertEquals("Authorization: Bearer <redacted>", SecretRedaction.redact("Authorization: Bearer s3cr3t-admin"));
        assertEquals("token dapi<redacted> refused", SecretRedaction.redact("token dapi" + "0123456789abcdef".repeat(4) + " refused"));
    }

    @Test
    void aTokenPrefixShownToOwnersStays() {
        // Owners recognise tokens by their first hex digits; ten characters are no secret.
        assertEquals("Created token (dapid5d5be...)", SecretRedaction.redact("Created token (dapid5d5be...)"));
    }
}
