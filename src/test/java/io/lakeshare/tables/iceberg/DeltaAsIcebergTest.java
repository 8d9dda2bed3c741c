package io.lakeshare.tables.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.TableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta tables written by delta-rs, served as Iceberg: the metadata generated for a version, read
 * back with Iceberg Core as a recipient's Iceberg client reads it, lists that version's files with
 * their row counts, partition values and bounds, under a schema whose ids are the column-mapping
 * ids (or stable positions); a version is generated once and found after; what Iceberg readers would
 * read wrongly is refused, naming the Delta feature. (test_delta_as_iceberg.py reads the rows with pyiceberg.)
 */
class DeltaAsIcebergTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    static JsonNode written;

    @BeforeAll
    static void writeTables() throws Exception {
        written = DeltaAsIcebergOnDisk.writeFixtureTables(root.resolve("wh"));
    }

    private DeltaAsIcebergOnDisk replica() {
        return new DeltaAsIcebergOnDisk(root, "_lakeshare/iceberg/");
    }

    private String generate(DeltaAsIcebergOnDisk replica, String table, long version) {
        return replica.generator.icebergMetadataLocation(DeltaAsIcebergOnDisk.delta("wh", table + "/", table), version);
    }

    private Table read(DeltaAsIcebergOnDisk replica, String location) {
        IcebergFileIO io = new IcebergFileIO(replica.storage, new IcebergLocations("wh", root));
        return new BaseTable(new StaticTableOperations(location, io), "read-back");
    }

    private static List<FileScanTask> tasks(Table table) throws IOException {
        List<FileScanTask> tasks = new ArrayList<>();
        try (CloseableIterable<FileScanTask> planned =
                table.newScan().includeColumnStats().planFiles()) {
            planned.forEach(tasks::add);
        }
        return tasks;
    }

    private static long rows(List<FileScanTask> tasks) {
        return tasks.stream().mapToLong(t -> t.file().recordCount()).sum();
    }

    @Test
    void aPartitionedTableListsItsFilesWithRowCountsPartitionValuesAndBounds() throws IOException {
        DeltaAsIcebergOnDisk replica = replica();
        String location = generate(replica, "sales", 1);
        assertTrue(location.startsWith("file://" + root.resolve("wh/_lakeshare/iceberg/")), location);
        assertTrue(location.endsWith("/metadata/v1.metadata.json"), location);

        Table table = read(replica, location);
        Types.StructType schema = table.schema().asStruct();
        // No column mapping: ids by position.
        assertEquals(
                List.of("id", "name", "amount", "price", "ts", "day", "qty", "region", "year"),
                schema.fields().stream().map(Types.NestedField::name).toList());
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
                schema.fields().stream().map(Types.NestedField::fieldId).toList());
        assertEquals(Types.TimestampType.withZone(), schema.field("ts").type());
        assertEquals(Types.DecimalType.of(10, 2), schema.field("price").type());
        assertEquals(Types.IntegerType.get(), schema.field("qty").type());
        assertEquals(
                List.of("region", "year"),
                table.spec().fields().stream().map(f -> f.name()).toList());
        assertTrue(table.spec().fields().stream().allMatch(f -> f.transform().isIdentity()));
        assertEquals(1L, count(table.snapshots()), "one snapshot");
        assertEquals("1", table.currentSnapshot().summary().get("lakeshare.delta.version"));

        List<FileScanTask> tasks = tasks(table);
        assertEquals(6, rows(tasks));
        Map<String, Long> rowsByPartition = new TreeMap<>();
        for (FileScanTask task : tasks) {
            String region = task.file().partition().get(0, CharSequence.class) == null
                    ? "null"
                    : task.file().partition().get(0, CharSequence.class).toString();
            Integer year = task.file().partition().get(1, Integer.class);
            rowsByPartition.merge(region + "/" + year, task.file().recordCount(), Long::sum);
            assertTrue(task.file().path().toString().startsWith("file://" + root.resolve("wh/sales/")));
            assertTrue(Files.size(Path.of(task.file().path().toString().substring("file://".length())))
                    == task.file().fileSizeInBytes());
        }
        assertEquals(
                Map.of("eu/2024", 2L, "eu/2025", 1L, "null/2025", 1L, "us/2024", 1L, "us/2025", 1L), rowsByPartition);

        FileScanTask eu2024 = tasks.stream()
                .filter(t -> "eu".equals(String.valueOf(t.file().partition().get(0, CharSequence.class)))
                        && Integer.valueOf(2024).equals(t.file().partition().get(1, Integer.class)))
                .findFirst()
                .orElseThrow();
        Map<String, Object> lower = bounds(table, eu2024.file().lowerBounds());
        Map<String, Object> upper = bounds(table, eu2024.file().upperBounds());
        assertEquals(1L, lower.get("id"));
        assertEquals(2L, upper.get("id"));
        assertEquals(1.5, lower.get("amount"));
        assertEquals(new BigDecimal("2.25"), upper.get("price"));
        assertEquals((int) LocalDate.of(2024, 2, 1).toEpochDay(), lower.get("day"));
        assertEquals("alpha", lower.get("name").toString());
        // "bbbb…" (40 characters) is cut short in Delta's statistics: no upper bound is certain.
        assertFalse(upper.containsKey("name"), "a truncated string maximum is no bound");
        long tsMin = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T10:30:00.123456Z"));
        long tsMax = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-02T10:30:00.123456Z"));
        assertTrue((Long) lower.get("ts") <= tsMin && tsMin - (Long) lower.get("ts") < 2000, "ts lower " + lower);
        assertTrue((Long) upper.get("ts") >= tsMax && (Long) upper.get("ts") - tsMax < 2000, "ts upper " + upper);
        int idField = table.schema().findField("id").fieldId();
        assertEquals(0L, eu2024.file().nullValueCounts().get(idField));
        assertEquals(2L, eu2024.file().valueCounts().get(idField));
        // Files without field ids are read through the name mapping.
        assertEquals(
                9,
                NameMappingParser.fromJson(table.properties().get(TableProperties.DEFAULT_NAME_MAPPING))
                        .asMappedFields()
                        .size());

        // Iceberg's own planning skips files by those bounds and partitions.
        try (CloseableIterable<FileScanTask> planned = table.newScan()
                .filter(org.apache.iceberg.expressions.Expressions.equal("id", 5L))
                .planFiles()) {
            List<FileScanTask> hit = new ArrayList<>();
            planned.forEach(hit::add);
            assertEquals(1, hit.size());
            assertEquals(1L, hit.get(0).file().recordCount());
        }
    }

    private static long count(Iterable<?> items) {
        long n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    private static Map<String, Object> bounds(Table table, Map<Integer, java.nio.ByteBuffer> bounds) {
        Map<String, Object> byName = new HashMap<>();
        bounds.forEach((id, buffer) -> {
            Types.NestedField field = table.schema().findField(id);
            Type type = field.type();
            byName.put(field.name(), Conversions.fromByteBuffer(type, buffer));
        });
        return byName;
    }

    @Test
    void aVersionIsGeneratedOnceAndFoundAfterAndANewVersionGetsMetadataOfItsOwn() throws IOException {
        DeltaAsIcebergOnDisk replica = replica();
        String first = generate(replica, "sales", 0);
        Path file = Path.of(first.substring("file://".length()));
        byte[] bytes = Files.readAllBytes(file);
        var modified = Files.getLastModifiedTime(file);
        List<Path> before = filesUnder(file.getParent());

        String again = generate(replica(), "sales", 0);
        assertEquals(first, again);
        assertEquals(modified, Files.getLastModifiedTime(file), "found, not rewritten");
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)));
        assertEquals(before, filesUnder(file.getParent()), "nothing more written for a version generated already");

        String second = generate(replica, "sales", 2);
        assertNotEquals(first, second);
        assertTrue(Files.exists(file), "the older version's metadata stays");
        Table v0 = read(replica, first);
        Table v2 = read(replica, second);
        assertEquals(4, rows(tasks(v0)));
        assertEquals(5, rows(tasks(v2)));
        assertEquals(4, tasks(v2).size());
        assertEquals(1, count(v2.snapshots()), "only the version's own snapshot: no history reaches back");
        assertEquals(v0.uuid(), v2.uuid(), "one table, whatever the version");
        assertEquals(v0.schema().asStruct(), v2.schema().asStruct(), "same schema, same ids");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void replicasGeneratingTheSameVersionAtOnceAgreeOnOneReadableMetadataFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> replicas = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replicas.add(() -> generate(replica(), "mapped", 0));
            }
            List<String> locations = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(replicas)) {
                locations.add(f.get());
            }
            assertEquals(1, locations.stream().distinct().count(), locations.toString());
            Table table = read(replica(), locations.get(0));
            assertEquals(2, rows(tasks(table)));
            TableMetadata parsed = TableMetadataParser.read(
                    new IcebergFileIO(replica().storage, new IcebergLocations("wh", root)), locations.get(0));
            assertEquals(1, parsed.snapshots().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void columnMappingIdsAreTheFieldIdsAndPhysicalNamesTheMappedNames() throws Exception {
        DeltaAsIcebergOnDisk replica = replica();
        Table table = read(replica, generate(replica, "mapped", 1));
        JsonNode log = JSON.readTree(
                Files.readAllLines(root.resolve("wh/mapped/_delta_log/00000000000000000000.json")).stream()
                        .filter(l -> l.contains("\"metaData\""))
                        .findFirst()
                        .orElseThrow());
        JsonNode deltaSchema =
                JSON.readTree(log.path("metaData").path("schemaString").asText());
        Map<String, Integer> idsInLog = new TreeMap<>();
        Map<String, String> physical = new TreeMap<>();
        for (JsonNode f : deltaSchema.path("fields")) {
            idsInLog.put(
                    f.path("name").asText(),
                    f.path("metadata").path("delta.columnMapping.id").asInt());
            physical.put(
                    f.path("name").asText(),
                    f.path("metadata").path("delta.columnMapping.physicalName").asText());
        }
        Map<String, Integer> ids = new TreeMap<>();
        table.schema().columns().forEach(c -> ids.put(c.name(), c.fieldId()));
        assertEquals(idsInLog, ids);
        var mapping = NameMappingParser.fromJson(table.properties().get(TableProperties.DEFAULT_NAME_MAPPING));
        for (var column : table.schema().columns()) {
            assertEquals(
                    column.fieldId(), mapping.find(physical.get(column.name())).id());
        }
        assertNotEquals("full name", physical.get("full name"), "physical names differ from the columns'");
        assertNull(mapping.find("full name"), "files are matched by physical names");
        List<FileScanTask> tasks = tasks(table);
        assertEquals(3, rows(tasks));
        Map<String, Long> byRegion = new TreeMap<>();
        tasks.forEach(t -> byRegion.merge(
                t.file().partition().get(0, CharSequence.class).toString(),
                t.file().recordCount(),
                Long::sum));
        assertEquals(Map.of("eu", 2L, "us", 1L), byRegion);
        // Statistics are keyed by physical names in the log: they reach the columns all the same.
        assertTrue(tasks.stream().allMatch(t -> t.file().lowerBounds().containsKey(ids.get("id"))));
    }

    @Test
    void aVersionWithDeletionVectorsIsRefusedNamingTheFeature() {
        DeltaAsIcebergOnDisk replica = replica();
        // Version 0, before the DELETE, holds no vector and is served.
        assertTrue(generate(replica, "dv", 0).endsWith("v0.metadata.json"));
        TableException refused = assertThrows(TableException.class, () -> generate(replica, "dv", 1));
        assertEquals(TableException.Kind.UNSUPPORTED, refused.kind());
        assertTrue(refused.getMessage().contains("deletion vectors"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'dv'"), refused.getMessage());
        Path metadataDir = Path.of(generate(replica, "dv", 0).substring("file://".length()))
                .getParent();
        assertFalse(Files.exists(metadataDir.resolve("v1.metadata.json")), "nothing is written for a refused version");
    }

    @Test
    void aTimestampWithoutTimeZoneIsRefusedNamingTheColumn() {
        TableException refused = assertThrows(TableException.class, () -> generate(replica(), "ntz", 0));
        assertEquals(TableException.Kind.UNSUPPORTED, refused.kind());
        assertTrue(
                refused.getMessage().contains("'at'") && refused.getMessage().contains("timestampNtz"),
                refused.getMessage());
    }

    @Test
    void nestedColumnsKeepIdsForTheirFieldsAndElements() throws IOException {
        DeltaAsIcebergOnDisk replica = replica();
        Table table = read(replica, generate(replica, "nested", 0));
        Types.StructType schema = table.schema().asStruct();
        assertEquals(1, schema.field("id").fieldId());
        assertEquals(2, schema.field("address").fieldId());
        Types.StructType address = schema.field("address").type().asStructType();
        assertEquals(
                List.of(3, 4),
                address.fields().stream().map(Types.NestedField::fieldId).toList());
        assertEquals(5, schema.field("tags").fieldId());
        assertEquals(6, schema.field("tags").type().asListType().elementId());
        assertEquals(2, rows(tasks(table)));
    }
}
