package io.lakeshare.tables.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Manifest statistics as Delta stats: bounds that stay bounds. */
class IcebergStatsTest {

    private static final Schema SCHEMA = new Schema(
            optional(1, "id", Types.LongType.get()),
            optional(2, "ts", Types.TimestampType.withZone()),
            optional(3, "name", Types.StringType.get()),
            optional(4, "local", Types.TimestampType.withoutZone()),
            optional(5, "ratio", Types.FloatType.get()),
            optional(6, "score", Types.DoubleType.get()));

    private static DataFile file(Map<Integer, Object> lower, Map<Integer, Object> upper) {
        return file(lower, upper, null);
    }

    private static DataFile file(Map<Integer, Object> lower, Map<Integer, Object> upper, Map<Integer, Long> nans) {
        Map<Integer, java.nio.ByteBuffer> lo = new java.util.HashMap<>();
        Map<Integer, java.nio.ByteBuffer> hi = new java.util.HashMap<>();
        lower.forEach((id, v) -> lo.put(id, Conversions.toByteBuffer(type(id), v)));
        upper.forEach((id, v) -> hi.put(id, Conversions.toByteBuffer(type(id), v)));
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("s3://b/t/data/f.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withMetrics(new Metrics(7L, null, null, Map.of(1, 0L, 3, 2L), nans, lo, hi))
                .build();
    }

    private static Type type(int id) {
        return SCHEMA.findType(id);
    }

    @Test
    void boundsCountsAndNullsBecomeDeltaStats() throws Exception {
        JsonNode stats = new ObjectMapper()
                .readTree(IcebergStats.of(
                        file(Map.of(1, 5L, 3, "apple"), Map.of(1, 9L, 3, "pear")),
                        PartitionSpec.unpartitioned(),
                        SCHEMA,
                        false));
        assertEquals(7, stats.get("numRecords").asLong());
        assertEquals(5, stats.at("/minValues/id").asLong());
        assertEquals(9, stats.at("/maxValues/id").asLong());
        assertEquals("apple", stats.at("/minValues/name").asText());
        assertEquals(2, stats.at("/nullCount/name").asLong());
    }

    @Test
    void timestampsWidenToMillisecondsOutward() throws Exception {
        // 1.5 ms and 2.5 ms after the epoch, in microseconds.
        JsonNode stats = new ObjectMapper()
                .readTree(IcebergStats.of(
                        file(Map.of(2, 1_500L, 4, 1_500L), Map.of(2, 2_500L, 4, 2_500L)),
                        PartitionSpec.unpartitioned(),
                        SCHEMA,
                        false));
        assertEquals("1970-01-01T00:00:00.001Z", stats.at("/minValues/ts").asText());
        assertEquals("1970-01-01T00:00:00.003Z", stats.at("/maxValues/ts").asText());
        assertFalse(stats.at("/minValues").has("local"), "timestamps without zone carry no bounds");
    }

    @Test
    void columnMappingKeysStatsByPhysicalName() throws Exception {
        JsonNode stats = new ObjectMapper()
                .readTree(IcebergStats.of(
                        file(Map.of(1, 1L), Map.of(1, 2L)), PartitionSpec.unpartitioned(), SCHEMA, true));
        assertEquals(1, stats.at("/minValues/col-1").asLong());
    }

    @Test
    void floatBoundsReachOutToBothTheFloatAndItsShortestText() throws Exception {
        // 0.1f is 0.100000001490116... as a double; hints say 0.1. Both must lie within the bounds.
        JsonNode stats = new ObjectMapper()
                .readTree(IcebergStats.of(
                        file(Map.of(5, 0.1f), Map.of(5, 0.1f)), PartitionSpec.unpartitioned(), SCHEMA, false));
        double min = stats.at("/minValues/ratio").asDouble();
        double max = stats.at("/maxValues/ratio").asDouble();
        assertTrue(min <= 0.1 && 0.1 <= max, min + ".." + max);
        assertTrue(min <= (double) 0.1f && (double) 0.1f <= max, min + ".." + max);
    }

    @Test
    void aColumnWithNanValuesCarriesNoBounds() throws Exception {
        JsonNode stats = new ObjectMapper()
                .readTree(IcebergStats.of(
                        file(Map.of(1, 1L, 6, 1.0), Map.of(1, 2L, 6, 5.0), Map.of(6, 3L)),
                        PartitionSpec.unpartitioned(),
                        SCHEMA,
                        false));
        assertFalse(stats.at("/maxValues").has("score"), "NaN sorts above any bound Iceberg kept");
        assertEquals(2, stats.at("/maxValues/id").asLong());
    }

    @Test
    void withoutColumnStatisticsThePartitionBoundsTheColumns() throws Exception {
        PartitionSpec spec =
                PartitionSpec.builderFor(SCHEMA).identity("name").day("ts").build();
        DataFile file = DataFiles.builder(spec)
                .withPath("s3://b/t/data/f.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(7)
                .withPartitionPath("name=apple/ts_day=2026-11-03")
                .build();
        JsonNode stats = new ObjectMapper().readTree(IcebergStats.of(file, spec, SCHEMA, false));
        assertEquals("apple", stats.at("/minValues/name").asText());
        assertEquals("apple", stats.at("/maxValues/name").asText());
        assertEquals("2026-11-03T00:00:00.000Z", stats.at("/minValues/ts").asText());
        assertEquals(
                "2026-11-04T00:00:00.000Z",
                stats.at("/maxValues/ts").asText(),
                "the day's last microsecond, rounded up");

        DataFile nulls = DataFiles.builder(spec)
                .withPath("s3://b/t/data/g.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(7)
                .withPartitionPath("name=__HIVE_DEFAULT_PARTITION__/ts_day=2026-11-03")
                .build();
        JsonNode nullStats = new ObjectMapper().readTree(IcebergStats.of(nulls, spec, SCHEMA, false));
        assertEquals(7, nullStats.at("/nullCount/name").asLong(), "a null identity partition: every row is null");
        assertFalse(nullStats.at("/minValues").has("name"));
    }

    @Test
    void monthAndYearPartitionsOfADateBoundItToTheirPeriod() throws Exception {
        Schema schema =
                new Schema(optional(1, "day", Types.DateType.get()), optional(2, "at", Types.TimestampType.withZone()));
        PartitionSpec spec =
                PartitionSpec.builderFor(schema).month("day").year("at").build();
        DataFile file = DataFiles.builder(spec)
                .withPath("s3://b/t/data/f.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(3)
                .withPartitionPath("day_month=649/at_year=55")
                .build(); // months and years since 1970
        JsonNode stats = new ObjectMapper().readTree(IcebergStats.of(file, spec, schema, false));
        assertEquals("2024-02-01", stats.at("/minValues/day").asText());
        assertEquals("2024-02-29", stats.at("/maxValues/day").asText());
        assertEquals("2025-01-01T00:00:00.000Z", stats.at("/minValues/at").asText());
        assertEquals("2026-01-01T00:00:00.000Z", stats.at("/maxValues/at").asText());
    }
}
