package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlTtlWarningTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void longLivedKeysSignUrlsForUpToSevenDays() {
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofDays(7), Optional.empty(), NOW)
                .isEmpty());
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofDays(8), Optional.empty(), NOW)
                .orElseThrow()
                .contains("lakeshare.storage.url-ttl"));
    }

    @Test
    void temporaryCredentialsEndingBeforeTheUrlsDoAreWarnedAbout() {
        Optional<Instant> sessionEnds = Optional.of(NOW.plus(Duration.ofMinutes(30)));
        String warning = ProductionChecks.urlTtlWarning(Duration.ofHours(1), sessionEnds, NOW)
                .orElseThrow();
        assertTrue(warning.contains("temporary") && warning.contains("Recommended action"), warning);
        assertTrue(ProductionChecks.urlTtlWarning(Duration.ofMinutes(20), sessionEnds, NOW)
                .isEmpty());
    }
}
