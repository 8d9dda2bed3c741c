package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class H2UrlWarningTest {

    @Test
    void theDefaultUrlWritesEachCommitBeforeItIsAcknowledged() {
        assertEquals(0, ProductionChecks.h2UrlWarnings("jdbc:h2:file:/var/lib/lakeshare/catalog;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0").size());
    }

    @Test
    void aFileUrlThatDelaysWritesIsWarnedAbout() {
        String warning = ProductionChecks.h2UrlWarnings("jdbc:h2:file:/var/lib/lakeshare/catalog").get(0);
        assertTrue(warning.contains("WRITE_DELAY=0") && warning.contains("Recommended action"), warning);
        assertEquals(1, ProductionChecks.h2UrlWarnings("jdbc:h2:/data/catalog;write_delay=500").size());
    }

    @Test
    void anInMemoryDatabaseHasNothingToLoseToACrash() {
        assertEquals(0, ProductionChecks.h2UrlWarnings("jdbc:h2:mem:lakeshare;DB_CLOSE_DELAY=-1").size());
    }
}
