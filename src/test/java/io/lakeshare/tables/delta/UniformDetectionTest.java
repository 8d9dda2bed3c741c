package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
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
        TableMetadata metadata =
                new TableMetadata("id", null, null, "parquet", Map.of(), "{}", List.of(), configuration, null);
        return new TableSnapshot() {
            public long version() {
                return 0;
            }

            public long timestamp() {
                return 0;
            }

            public TableProtocol protocol() {
                return new TableProtocol(1, 2, Set.of(), Set.of());
            }

            public TableMetadata metadata() {
                return metadata;
            }

            public SnapshotSummary summary() {
                return new SnapshotSummary(0, 0, 0, 0, 0);
            }

            public void forEachFile(Predicate<DataFile> visitor) {}
        };
    }

    @Test
    void icebergAmongTheUniversalFormatsIsUniform() {
        assertTrue(DeltaTableReader.isUniform(
                withConfiguration(Map.of("delta.universalFormat.enabledFormats", "iceberg"))));
        assertTrue(DeltaTableReader.isUniform(
                withConfiguration(Map.of("delta.universalFormat.enabledFormats", "hudi, Iceberg"))));
    }

    @Test
    void otherTablesAreNot() {
        assertFalse(DeltaTableReader.isUniform(withConfiguration(Map.of())));
        assertFalse(
                DeltaTableReader.isUniform(withConfiguration(Map.of("delta.universalFormat.enabledFormats", "hudi"))));
    }
}
