package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.lakeshare.storage.Storage;
import io.lakeshare.tables.DamagedTables;
import io.lakeshare.tables.FileTotals;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.iceberg.DeltaAsIcebergOnDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta snapshot's totals are counted from the log's rows without building each file: they are
 * the totals of the files the snapshot lists, deletion vectors, missing statistics and small files
 * included, and a file outside the table's location is refused while counting, as listing refuses it.
 * The totals recipients see are counted on their own without reading statistics, from the log's
 * commits and from a checkpoint alike, and agree with the owner's summary whichever comes first.
 */
class DeltaSnapshotSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SMALL = 1 << 20;

    @TempDir
    static Path root;

    static DeltaTableReader reader;

    private static final List<String> TABLES =
            List.of("sales", "mapped", "nested", "dv", "ntz", "nostats", "checkpointed");

    @BeforeAll
    static void writeTables() throws Exception {
        Path wh = root.resolve("wh");
        DeltaAsIcebergOnDisk.writeFixtureTables(wh);
        rewriteFirstCommit(wh.resolve("nostats"), wh.resolve("nested"), add -> add.remove("stats"));
        rewriteFirstCommit(wh.resolve("escaping"), wh.resolve("nested"), add -> add.put("path", "../sales/x.parquet"));
        checkpointedCopy(wh.resolve("sales"), wh.resolve("checkpointed"));
        reader = newReader();
    }

    /** Everything the fixtures hold is small at 1 MiB. A new reader caches no snapshot yet. */
    private static DeltaTableReader newReader() {
        return new DeltaTableReader(
                new Storage(DeltaAsIcebergOnDisk.storageConfig(root, null)),
                DeltaAsIcebergOnDisk.tablesConfig(root, SMALL),
                hit -> {},
                new DamagedTables());
    }

    /** A copy of {@code from} with a checkpoint of its latest version, written by Delta Kernel. */
    private static void checkpointedCopy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        Engine engine = DefaultEngine.create(new Configuration());
        Table table = Table.forPath(engine, to.toUri().toString());
        table.checkpoint(engine, table.getLatestSnapshot(engine).getVersion());
        try (var log = Files.list(to.resolve("_delta_log"))) {
            assertTrue(log.anyMatch(f -> f.getFileName().toString().endsWith(".checkpoint.parquet")));
        }
    }

    /** A copy of {@code from} whose first commit has each {@code add} changed by {@code change}. */
    private static void rewriteFirstCommit(Path to, Path from, java.util.function.Consumer<ObjectNode> change)
            throws IOException {
        Files.createDirectories(to.resolve("_delta_log"));
        Path commit = from.resolve("_delta_log/00000000000000000000.json");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(commit)) {
            ObjectNode action = (ObjectNode) JSON.readTree(line);
            if (action.has("add")) {
                change.accept((ObjectNode) action.get("add"));
            }
            lines.add(JSON.writeValueAsString(action));
        }
        Files.write(to.resolve("_delta_log/00000000000000000000.json"), lines);
    }

    private static TableSnapshot snapshot(String table, long version) {
        return snapshot(reader, table, version);
    }

    private static TableSnapshot snapshot(DeltaTableReader from, String table, long version) {
        return from.snapshot(DeltaAsIcebergOnDisk.delta("wh", table + "/", table), version);
    }

    private static TableSnapshot latest(DeltaTableReader from, String table) {
        var location = DeltaAsIcebergOnDisk.delta("wh", table + "/", table);
        return from.snapshot(location, from.latestVersion(location));
    }

    /** The totals of the files as listing builds them, one DataFile at a time. */
    private static SnapshotSummary listed(TableSnapshot snapshot) {
        return SnapshotSummary.of(snapshot, SMALL);
    }

    @Test
    void theTotalsAreThoseOfTheListedFiles() {
        for (Map.Entry<String, Long> version : Map.of("sales", 0L, "mapped", 1L, "nested", 0L, "dv", 0L, "ntz", 0L)
                .entrySet()) {
            TableSnapshot s = snapshot(version.getKey(), version.getValue());
            assertEquals(listed(s), s.summary(), version.getKey());
            assertTrue(s.summary().numFiles() > 0 && s.summary().sizeInBytes() > 0, version.getKey());
            assertEquals(s.summary().numFiles(), s.summary().smallFiles(), version.getKey());
        }
        SnapshotSummary afterDelete = snapshot("sales", 2).summary();
        assertEquals(listed(snapshot("sales", 2)), afterDelete);
    }

    @Test
    void filesWithDeletionVectorsAreCounted() {
        TableSnapshot s = snapshot("dv", 1);
        assertEquals(listed(s), s.summary());
        assertTrue(s.summary().filesWithDeletionVectors() > 0, s.summary().toString());
        assertEquals(0, snapshot("dv", 0).summary().filesWithDeletionVectors());
    }

    @Test
    void filesWithoutStatisticsAreCounted() {
        TableSnapshot s = snapshot("nostats", 0);
        assertEquals(listed(s), s.summary());
        assertEquals(s.summary().numFiles(), s.summary().filesWithoutStats());
        assertEquals(0, snapshot("nested", 0).summary().filesWithoutStats());
    }

    @Test
    void aFileOutsideTheTableIsRefusedWhileCounting() {
        TableException refused =
                assertThrows(TableException.class, () -> snapshot("escaping", 0).summary());
        assertTrue(refused.getMessage().contains("outside the table's location"), refused.getMessage());
    }

    @Test
    void theRecipientsTotalsCountedFirstAreThoseOfTheListedFiles() {
        DeltaTableReader fresh = newReader();
        for (String table : TABLES) {
            TableSnapshot s = latest(fresh, table);
            FileTotals totals = s.totals();
            assertEquals(listed(s).totals(), totals, table);
            assertEquals(totals, s.summary().totals(), table);
            assertEquals(listed(s), s.summary(), table);
        }
        assertTrue(latest(fresh, "dv").totals().filesWithDeletionVectors() > 0);
    }

    @Test
    void theRecipientsTotalsAfterTheSummaryAreTheSummarys() {
        DeltaTableReader fresh = newReader();
        for (String table : TABLES) {
            TableSnapshot s = latest(fresh, table);
            SnapshotSummary summary = s.summary();
            assertEquals(summary.totals(), s.totals(), table);
        }
    }

    @Test
    void aCheckpointedTableIsCountedFromItsCheckpoint() {
        DeltaTableReader fresh = newReader();
        TableSnapshot checkpointed = latest(fresh, "checkpointed");
        TableSnapshot committed = latest(fresh, "sales");
        assertEquals(committed.version(), checkpointed.version());
        assertEquals(committed.totals(), checkpointed.totals());
        assertEquals(listed(committed), checkpointed.summary());
    }

    @Test
    void aFileOutsideTheTableIsRefusedWhileCountingTheRecipientsTotals() {
        TableException refused = assertThrows(
                TableException.class, () -> snapshot(newReader(), "escaping", 0).totals());
        assertTrue(refused.getMessage().contains("outside the table's location"), refused.getMessage());
    }
}
