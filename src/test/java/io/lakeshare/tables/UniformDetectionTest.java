package io.lakeshare.tables;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * How share info recognises a Delta table that also keeps Iceberg metadata (UniForm): by the table
 * property its writer sets. The pytest suite shares a UniForm table written by Delta Spark.
 */
class UniformDetectionTest {

    private static TableSnapshot withConfiguration(Map<String, String> configuration) {
        TableMetadata metadata = new TableMetadata("id", null, null, "parquet", Map.of(), "{}", List.of(), configuration, null);
        return new TableSnapshot() {
            public long version() { return 0; }
            public long timestamp() { return 0; }
            public TableProtocol protocol() { return new TableProtocol(1, 2, Set.of(), Set.of()); }
            public TableMetadata metadata() { return metadata; }
            public SnapshotSummary summary() { return new SnapshotSummary(0, 0, 0, 0, 0); }
            public void forEachFile(Predicate<DataFile> visitor) { }
        };
    }

    @Test
    void icebergAmongTheUniversalFormatsIsUniform() {
        assertTrue(TableInspector.isUniform(withConfiguration(Map.of("delta.universalFormat.enabledFormats", "iceberg"))));
        assertTrue(TableInspector.isUniform(withConfiguration(Map.of("delta.universalFormat.enabledFormats", "hudi, Iceberg"))));
    }

    @Test
    void otherTablesAreNot() {
        assertFalse(TableInspector.isUniform(withConfiguration(Map.of())));
        assertFalse(TableInspector.isUniform(withConfiguration(Map.of("delta.universalFormat.enabledFormats", "hudi"))));
    }
}
