package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class UrlTtlWarningTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void longLivedKeysSignUrlsForUpToSevenDays() {
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofDays(7), AwsBasicCredentials.create("k", "s"), NOW).isEmpty());
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofDays(8), AwsBasicCredentials.create("k", "s"), NOW).orElseThrow()
                .contains("lakeshare.storage.url-ttl"));
    }

    @Test
    void temporaryCredentialsEndingBeforeTheUrlsDoAreWarnedAbout() {
        AwsSessionCredentials session = AwsSessionCredentials.builder().accessKeyId("k").secretAccessKey("s").sessionToken("t")
                .expirationTime(NOW.plus(Duration.ofMinutes(30))).build();
        String warning = ProductionChecks.urlTtlWarning(Duration.ofHours(1), session, NOW).orElseThrow();
        assertTrue(warning.contains("temporary") && warning.contains("Recommended action"), warning);
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofMinutes(20), session, NOW).isEmpty());
    }
}
