package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class H2UrlWarningTest {

    @Test
    void theDefaultUrlWritesEachCommitBeforeItIsAcknowledged() {
        assertEquals(
                0,
                ProductionChecks.h2UrlWarnings(
                                "jdbc:h2:file:/var/lib/lakeshare/catalog;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;TRACE_LEVEL_FILE=0")
                        .size());
    }

    @Test
    void aFileUrlThatDelaysWritesIsWarnedAbout() {
        String warning = ProductionChecks.h2UrlWarnings("jdbc:h2:file:/var/lib/lakeshare/catalog;TRACE_LEVEL_FILE=0")
                .get(0);
        assertTrue(warning.contains("WRITE_DELAY=0") && warning.contains("Recommended action"), warning);
        assertEquals(
                1,
                ProductionChecks.h2UrlWarnings("jdbc:h2:/data/catalog;write_delay=500;trace_level_file=0")
                        .size());
    }

    @Test
    void aFileUrlThatKeepsH2sTraceFileIsWarnedAbout() {
        String warning = ProductionChecks.h2UrlWarnings("jdbc:h2:file:/var/lib/lakeshare/catalog;WRITE_DELAY=0")
                .get(0);
        assertTrue(warning.contains("TRACE_LEVEL_FILE=0") && warning.contains("values callers sent"), warning);
    }

    @Test
    void anInMemoryDatabaseHasNothingToLoseToACrash() {
        assertEquals(
                0,
                ProductionChecks.h2UrlWarnings("jdbc:h2:mem:lakeshare;DB_CLOSE_DELAY=-1")
                        .size());
    }
}
