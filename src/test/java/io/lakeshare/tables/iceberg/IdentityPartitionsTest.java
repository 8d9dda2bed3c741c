package io.lakeshare.tables.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Identity partitions as Delta partition columns, valued the way Delta writes partition values. */
class IdentityPartitionsTest {

    private static final Schema SCHEMA = new Schema(
            optional(1, "region", Types.StringType.get()),
            optional(2, "day", Types.DateType.get()),
            optional(3, "at", Types.TimestampType.withZone()),
            optional(4, "price", Types.DecimalType.of(6, 2)),
            optional(5, "raw", Types.BinaryType.get()),
            optional(6, "n", Types.LongType.get()));

    private static DataFile file(PartitionSpec spec, String path) {
        return DataFiles.builder(spec)
                .withPath("s3://b/t/data/f.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1)
                .withRecordCount(1)
                .withPartitionPath(path)
                .build();
    }

    @Test
    void identityColumnsBecomePartitionColumnsWithDeltaValues() {
        PartitionSpec spec = PartitionSpec.builderFor(SCHEMA)
                .identity("region")
                .identity("day")
                .identity("at")
                .identity("price")
                .bucket("n", 4)
                .build();
        IdentityPartitions partitions = new IdentityPartitions(List.of(spec), Map.of(spec.specId(), spec), SCHEMA);
        assertEquals(List.of("region", "day", "at", "price"), partitions.names(), "bucket(n) is no Delta partition");
        long micros = java.time.Instant.parse("2024-02-29T10:15:30.000001Z").toEpochMilli() * 1000 + 1;
        DataFile f = DataFiles.builder(spec)
                .withPath("s3://b/t/data/f.parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1)
                .withRecordCount(1)
                .withPartition(new Tuple(
                        "eu",
                        (int) java.time.LocalDate.of(2024, 2, 29).toEpochDay(),
                        micros,
                        new java.math.BigDecimal("12.50"),
                        1))
                .build();
        Map<String, String> expected =
                Map.of("region", "eu", "day", "2024-02-29", "at", "2024-02-29 10:15:30.000001", "price", "12.50");
        assertEquals(expected, partitions.of(f, false));
        assertEquals("eu", partitions.of(f, true).get("col-1"), "keyed by physical name under column mapping");
    }

    @Test
    void aNullPartitionValueStaysNull() {
        PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("region").build();
        IdentityPartitions partitions = new IdentityPartitions(List.of(spec), Map.of(spec.specId(), spec), SCHEMA);
        Map<String, String> expected = new HashMap<>();
        expected.put("region", null);
        assertEquals(expected, partitions.of(file(spec, "region=__HIVE_DEFAULT_PARTITION__"), false));
    }

    @Test
    void aColumnSomeSpecDoesNotPartitionByIdentityIsNoPartitionColumn() {
        PartitionSpec before =
                PartitionSpec.builderFor(SCHEMA).withSpecId(0).identity("day").build();
        PartitionSpec after = PartitionSpec.builderFor(SCHEMA)
                .withSpecId(1)
                .identity("day")
                .identity("region")
                .build();
        IdentityPartitions partitions =
                new IdentityPartitions(List.of(before, after), Map.of(0, before, 1, after), SCHEMA);
        assertEquals(List.of("day"), partitions.names(), "files of the first spec carry no region value");
        assertEquals(Map.of("day", "2024-01-01"), partitions.of(file(before, "day=2024-01-01"), false));
        assertEquals(Map.of("day", "2024-01-02"), partitions.of(file(after, "day=2024-01-02/region=eu"), false));
        IdentityPartitions rewritten = new IdentityPartitions(List.of(after), Map.of(0, before, 1, after), SCHEMA);
        assertEquals(List.of("day", "region"), rewritten.names(), "once every file is of the second spec");
    }

    @Test
    void binaryColumnsAreLeftInTheFiles() {
        PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("raw").build();
        assertEquals(List.of(), new IdentityPartitions(List.of(spec), Map.of(spec.specId(), spec), SCHEMA).names());
    }

    /** A partition tuple in Iceberg's internal values. */
    private record Tuple(Object... values) implements org.apache.iceberg.StructLike {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(values[pos]);
        }

        @Override
        public <T> void set(int pos, T value) {
            values[pos] = value;
        }
    }
}
