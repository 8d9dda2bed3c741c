package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.tables.TableCommit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A MERGE whose metrics report no inserted, updated or deleted rows rewrote files without changing
 * data: the change data feed shows nothing for it. (Delta Spark 4.0 no longer commits such MERGEs,
 * so no fixture table has one; older writers did.)
 */
class NoOpMergeTest {

    private static TableCommit commit(String operation, Map<String, String> metrics) {
        return new TableCommit(3, 0, List.of(), List.of(), null, null, operation, metrics);
    }

    @Test
    void aMergeThatChangedNoRowsIsNoChange() {
        assertTrue(ChangeQueries.noOpMerge(commit("MERGE",
                Map.of("numTargetRowsInserted", "0", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0"))));
    }

    @Test
    void anythingElseIsAChange() {
        assertFalse(ChangeQueries.noOpMerge(commit("MERGE",
                Map.of("numTargetRowsInserted", "1", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0"))));
        assertFalse(ChangeQueries.noOpMerge(commit("MERGE", Map.of())), "without metrics nothing is known");
        assertFalse(ChangeQueries.noOpMerge(commit("WRITE",
                Map.of("numTargetRowsInserted", "0", "numTargetRowsUpdated", "0", "numTargetRowsDeleted", "0"))));
    }
}
