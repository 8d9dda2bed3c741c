package io.lakeshare.tables.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.storage.Storage;
import io.lakeshare.tables.IcebergMetadataForDelta;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator as the server wires it: the REST layer's port resolves to it, and the metadata goes
 * where {@code lakeshare.delta-iceberg.*} says (another bucket and prefix here), never beside the table.
 */
@QuarkusTest
@TestProfile(DeltaAsIcebergConfiguredTest.GeneratedElsewhere.class)
class DeltaAsIcebergConfiguredTest {

    static final Path WAREHOUSE =
            Path.of("target", "delta-as-iceberg-warehouse").toAbsolutePath();

    public static class GeneratedElsewhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lakeshare.storage.local.root", WAREHOUSE.toString(),
                    "lakeshare.delta-iceberg.bucket", "generated",
                    "lakeshare.delta-iceberg.metadata-prefix", "iceberg-for-delta");
        }
    }

    @Inject
    IcebergMetadataForDelta generator;

    @Inject
    TableReaders readers;

    @Inject
    Storage storage;

    @BeforeAll
    static void copyTheDemoTable() throws IOException {
        if (Files.exists(WAREHOUSE)) {
            try (Stream<Path> old = Files.walk(WAREHOUSE)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path source = Path.of("demo", "warehouse", "demo", "employees");
        Path target = WAREHOUSE.resolve("demo").resolve("employees");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
        Files.createDirectories(WAREHOUSE.resolve("generated"));
    }

    @Test
    void theDemoTableIsServedAsIcebergFromTheConfiguredLocation() throws IOException {
        TableLocation.StoragePrefix table =
                new TableLocation.StoragePrefix(TableFormat.DELTA, "demo", "employees/", "employees");
        long version = readers.of(table).latestVersion(table);
        TableSnapshot snapshot = readers.of(table).snapshot(table, version);
        String location = generator.icebergMetadataLocation(table, version);
        assertTrue(location.startsWith("file://" + WAREHOUSE.resolve("generated/iceberg-for-delta/")), location);
        assertEquals(location, generator.icebergMetadataLocation(table, version));
        try (Stream<Path> beside = Files.walk(WAREHOUSE.resolve("demo"))) {
            assertTrue(beside.noneMatch(p -> p.toString().endsWith(".metadata.json")), "nothing beside the table");
        }

        Table read = new BaseTable(
                new StaticTableOperations(
                        location, new IcebergFileIO(storage, new IcebergLocations("generated", WAREHOUSE))),
                "employees");
        long files = 0;
        try (CloseableIterable<FileScanTask> tasks = read.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                files++;
                assertTrue(task.file().recordCount() > 0);
            }
        }
        assertEquals(snapshot.summary().numFiles(), files);
        assertEquals("department", read.spec().fields().get(0).name());
    }
}
