package io.lakeshare.tables.iceberg;

import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * An Iceberg table at one snapshot, seen as a Delta table: the snapshot's sequence number is the
 * version, its full scan plan the file list, manifest statistics the file stats. Presented
 * unpartitioned: Iceberg data files hold every column (identity partitions included) and transforms
 * such as {@code day(ts)} have no Delta counterpart; partition data still prunes manifests.
 */
final class IcebergSnapshot implements TableSnapshot {

    private final Table table;
    private final Snapshot snapshot;
    private final long version;
    private final IcebergLocations locations;
    private final ExecutorService planner;
    private final long smallFileBytes;
    private final Schema schema;
    private final boolean columnMapping;
    private final TableProtocol protocol;
    private final TableMetadata metadata;
    private volatile SnapshotSummary summary;

    IcebergSnapshot(Table table, Snapshot snapshot, long version, IcebergLocations locations, ExecutorService planner,
                    long smallFileBytes) {
        this.table = table;
        this.snapshot = snapshot;
        this.version = version;
        this.locations = locations;
        this.planner = planner;
        this.smallFileBytes = smallFileBytes;
        this.schema = snapshot == null || snapshot.schemaId() == null ? table.schema() : table.schemas().get(snapshot.schemaId());
        org.apache.iceberg.TableMetadata icebergMetadata = ((org.apache.iceberg.HasTableOperations) table).operations().current();
        this.columnMapping = IcebergSchemas.needsColumnMapping(icebergMetadata, schema);
        this.protocol = protocol(columnMapping, IcebergSchemas.hasTimestampWithoutZone(schema));
        Map<String, String> configuration = new LinkedHashMap<>();
        // Every snapshot's changes can be asked for: appends are served as inserts, and the reader
        // refuses other operations by name.
        configuration.put("delta.enableChangeDataFeed", "true");
        if (columnMapping) {
            configuration.put("delta.columnMapping.mode", "id");
            configuration.put("delta.columnMapping.maxColumnId", String.valueOf(icebergMetadata.lastColumnId()));
        }
        this.metadata = new TableMetadata(icebergMetadata.uuid(), null, table.properties().get("comment"), "parquet", Map.of(),
                IcebergSchemas.toSparkJson(schema, columnMapping), List.of(), configuration,
                table.history().isEmpty() ? null : table.history().get(0).timestampMillis());
    }

    private static TableProtocol protocol(boolean columnMapping, boolean timestampNtz) {
        if (!columnMapping && !timestampNtz) {
            // Writer version 4: the change data feed the metadata declares (Delta readers check both).
            return new TableProtocol(1, 4, Set.of(), Set.of());
        }
        Set<String> features = new TreeSet<>();
        if (columnMapping) {
            features.add("columnMapping");
        }
        if (timestampNtz) {
            features.add("timestampNtz");
        }
        Set<String> writerFeatures = new TreeSet<>(features);
        writerFeatures.add("changeDataFeed");
        return new TableProtocol(3, 7, features, writerFeatures);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public long timestamp() {
        return snapshot == null ? 0 : snapshot.timestampMillis();
    }

    @Override
    public TableProtocol protocol() {
        return protocol;
    }

    @Override
    public TableMetadata metadata() {
        return metadata;
    }

    @Override
    public SnapshotSummary summary() {
        if (summary == null) {
            long[] totals = new long[4];
            forEachFile(file -> {
                totals[0]++;
                totals[1] += file.size();
                if (file.stats() == null) {
                    totals[2]++;
                }
                if (file.size() < smallFileBytes) {
                    totals[3]++;
                }
                return true;
            });
            summary = new SnapshotSummary(totals[0], totals[1], 0, totals[2], totals[3]);
        }
        return summary;
    }

    @Override
    public void forEachFile(Predicate<DataFile> visitor) {
        if (snapshot == null) {
            return;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId())
                .includeColumnStats().planWith(planner).planFiles()) {
            for (FileScanTask task : tasks) {
                refuseDeletes(task);
                if (!visitor.test(served(task.file()))) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Iceberg data file as this snapshot's recipients see it: stats keyed like its columns. */
    DataFile served(org.apache.iceberg.DataFile file) {
        return new DataFile(file.location(), locations.resolve(file.location()), Map.of(), file.fileSizeInBytes(),
                snapshot == null ? 0 : snapshot.timestampMillis(), IcebergStats.of(file, schema, columnMapping), null);
    }

    Snapshot icebergSnapshot() {
        return snapshot;
    }

    Integer schemaId() {
        return snapshot == null ? null : snapshot.schemaId();
    }

    private void refuseDeletes(FileScanTask task) {
        for (DeleteFile delete : task.deletes()) {
            String kind = delete.content() == FileContent.EQUALITY_DELETES ? "equality deletes" : "position deletes";
            throw new TableException(Kind.UNSUPPORTED, "Version " + version + " of this Iceberg table has " + kind
                    + " (" + delete.location() + "); this server cannot serve them yet. Compact the table"
                    + " (rewrite data files) to apply them", null);
        }
    }
}
