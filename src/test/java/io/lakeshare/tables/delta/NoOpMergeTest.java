package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A MERGE whose metrics report no inserted, updated or deleted rows rewrote files without changing
 * data: the change data feed shows nothing for it. (Delta Spark 4.0 no longer commits such MERGEs,
 * so no fixture table has one; older writers did.)
 */
class NoOpMergeTest {

    @Test
    void aMergeThatChangedNoRowsIsNoChange() {
        assertTrue(DeltaChanges.noOpMerge(
                "MERGE",
                Map.of("numTargetRowsInserted", "0", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0")));
    }

    @Test
    void anythingElseIsAChange() {
        assertFalse(DeltaChanges.noOpMerge(
                "MERGE",
                Map.of("numTargetRowsInserted", "1", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0")));
        assertFalse(DeltaChanges.noOpMerge("MERGE", Map.of()), "without metrics nothing is known");
        assertFalse(DeltaChanges.noOpMerge(
                "WRITE",
                Map.of("numTargetRowsInserted", "0", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0")));
    }
}
