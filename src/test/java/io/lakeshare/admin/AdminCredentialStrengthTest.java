package io.lakeshare.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which admin credentials the server refuses to start with. */
class AdminCredentialStrengthTest {

    @Test
    void shortOrRepetitiveCredentialsAreRefusedWithoutBeingQuoted() {
        for (String weak :
                new String[] {"admin", "change-me", "password12345", "aaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababab"
                }) {
            String weakness =
                    AdminCredential.weakness(weak).orElseThrow(() -> new AssertionError(weak + " was accepted"));
            assertTrue(weakness.contains("at least 16 characters"), weakness);
            assertFalse(weakness.contains(weak), "the credential is never quoted");
        }
    }

    @Test
    void randomCredentialsAndTheTestsOwnAreAccepted() {
        assertEquals(Optional.empty(), AdminCredential.weakness("3f9a1c7e5b2d8046af13c9e7b5d20486"));
        assertEquals(Optional.empty(), AdminCredential.weakness("test-admin-token"));
        assertEquals(Optional.empty(), AdminCredential.weakness("lsa_" + "0123456789abcdef".repeat(4)));
    }
}
