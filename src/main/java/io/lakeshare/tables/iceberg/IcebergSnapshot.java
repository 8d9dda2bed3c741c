package io.lakeshare.tables.iceberg;

import io.lakeshare.storage.ObjectStore;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.DeletionVectors;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.PositionDeleteReader;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * An Iceberg table at one snapshot, seen as a Delta table: the snapshot's sequence number is the
 * version, its full scan plan the file list, manifest statistics the file stats. Identity partitions
 * are Delta partition columns; other transforms, such as {@code day(ts)}, have no Delta counterpart
 * and only bound the statistics of files that lack their own.
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
    private final boolean timestampNtz;
    private final IdentityPartitions partitions;
    private volatile TableProtocol protocol;
    private final TableMetadata metadata;
    private final ObjectStore store;
    private final PositionDeleteReader positionDeletes;
    private final String name;
    private volatile SnapshotSummary summary;
    /** Why the snapshot's files cannot be served, if they cannot; known with the summary. */
    private volatile String unservable;

    IcebergSnapshot(
            String name,
            Table table,
            Snapshot snapshot,
            long version,
            IcebergLocations locations,
            ExecutorService planner,
            long smallFileBytes,
            ObjectStore store,
            PositionDeleteReader positionDeletes) {
        this.name = name;
        this.store = store;
        this.positionDeletes = positionDeletes;
        this.table = table;
        this.snapshot = snapshot;
        this.version = version;
        this.locations = locations;
        this.planner = planner;
        this.smallFileBytes = smallFileBytes;
        this.schema = snapshot == null || snapshot.schemaId() == null
                ? table.schema()
                : table.schemas().get(snapshot.schemaId());
        org.apache.iceberg.TableMetadata icebergMetadata =
                ((org.apache.iceberg.HasTableOperations) table).operations().current();
        this.columnMapping = IcebergSchemas.needsColumnMapping(schema, schemasWrittenWith(table, snapshot));
        this.timestampNtz = IcebergSchemas.hasTimestampWithoutZone(schema);
        Map<String, String> configuration = new LinkedHashMap<>();
        // Every snapshot's changes can be asked for: appends are served as inserts, and the reader
        // refuses other operations by name.
        configuration.put("delta.enableChangeDataFeed", "true");
        if (columnMapping) {
            configuration.put("delta.columnMapping.mode", "id");
            configuration.put("delta.columnMapping.maxColumnId", String.valueOf(icebergMetadata.lastColumnId()));
        }
        this.partitions = new IdentityPartitions(specsInUse(table, snapshot), table.specs(), schema);
        this.metadata = new TableMetadata(
                icebergMetadata.uuid(),
                null,
                table.properties().get("comment"),
                "parquet",
                Map.of(),
                IcebergSchemas.toSparkJson(schema, columnMapping),
                partitions.names(),
                configuration,
                table.history().isEmpty() ? null : table.history().get(0).timestampMillis());
    }

    /**
     * The schemas the snapshot's data files may have been written with: every schema up to the
     * newest one the snapshot or an ancestor used (schema ids only grow; files of expired ancestors
     * may still be live). All of them when a snapshot does not say.
     */
    private static List<Schema> schemasWrittenWith(Table table, Snapshot snapshot) {
        int newest = Integer.MIN_VALUE;
        for (Snapshot s = snapshot; s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            if (s.schemaId() == null) {
                return List.copyOf(table.schemas().values());
            }
            newest = Math.max(newest, s.schemaId());
        }
        int upTo = snapshot == null ? table.schema().schemaId() : newest;
        return table.schemas().values().stream()
                .filter(schema -> schema.schemaId() <= upTo)
                .toList();
    }

    /** The partition specs the snapshot's data files were written with, from its manifest list. */
    private static Set<PartitionSpec> specsInUse(Table table, Snapshot snapshot) {
        if (snapshot == null) {
            return Set.of();
        }
        Set<PartitionSpec> specs = new java.util.HashSet<>();
        for (org.apache.iceberg.ManifestFile manifest : snapshot.dataManifests(table.io())) {
            specs.add(table.specs().get(manifest.partitionSpecId()));
        }
        return specs;
    }

    /**
     * Declares what a Delta reader needs to read this snapshot right: column mapping, timestamp_ntz,
     * and deletion vectors when some file has deleted rows (Delta Spark applies vectors only when
     * the protocol says so). Needs the file totals: known once the snapshot has been planned.
     */
    private TableProtocol declaredProtocol() {
        boolean deletionVectors = summary().filesWithDeletionVectors() > 0;
        if (!columnMapping && !timestampNtz && !deletionVectors) {
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
        if (deletionVectors) {
            features.add("deletionVectors");
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
        TableProtocol known = protocol;
        if (known == null) {
            known = declaredProtocol();
            protocol = known;
        }
        return known;
    }

    @Override
    public TableMetadata metadata() {
        return metadata;
    }

    @Override
    public SnapshotSummary summary() {
        if (summary == null) {
            // From the scan plan alone, without reading delete files: a file with position deletes or a
            // deletion vector counts as one with a vector; what cannot be served is noted, not thrown,
            // so that change queries over appends stay possible (see requireServable).
            long files = 0, bytes = 0, withVectors = 0, withoutStats = 0, small = 0;
            String problem = null;
            if (snapshot != null) {
                try (CloseableIterable<FileScanTask> tasks = reading(this::scan)) {
                    java.util.Iterator<FileScanTask> it = reading(tasks::iterator);
                    while (reading(it::hasNext)) {
                        FileScanTask task = reading(it::next);
                        org.apache.iceberg.DataFile file = task.file();
                        files++;
                        bytes += file.fileSizeInBytes();
                        small += file.fileSizeInBytes() < smallFileBytes ? 1 : 0;
                        withoutStats +=
                                file.lowerBounds() == null || file.lowerBounds().isEmpty() ? 1 : 0;
                        if (problem == null && file.format() != FileFormat.PARQUET) {
                            problem = notParquet(file);
                        }
                        boolean vector = false;
                        for (DeleteFile delete : task.deletes()) {
                            if (delete.content() == FileContent.EQUALITY_DELETES) {
                                problem = problem != null ? problem : equalityDeletes(delete);
                            } else {
                                vector = true;
                            }
                        }
                        withVectors += vector ? 1 : 0;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            unservable = problem;
            summary = new SnapshotSummary(files, bytes, withVectors, withoutStats, small);
        }
        return summary;
    }

    /** Refuses, before a line is sent, a snapshot with equality deletes or data files other than Parquet. */
    @Override
    public void requireServable() {
        summary();
        if (unservable != null) {
            throw new TableException(Kind.UNSUPPORTED, unservable, null);
        }
    }

    private CloseableIterable<FileScanTask> scan() {
        return table.newScan()
                .useSnapshot(snapshot.snapshotId())
                .includeColumnStats()
                .planWith(planner)
                .planFiles();
    }

    private String equalityDeletes(DeleteFile delete) {
        return "Version " + version + " of table '" + name + "' has equality deletes, which cannot be served without"
                + " reading every row; compact the table (rewrite its data files) to apply them";
    }

    private String notParquet(org.apache.iceberg.DataFile file) {
        // Delta Sharing clients read Parquet only; an ORC or Avro file would fail in their hands.
        return "Version " + version + " of table '" + name + "' has data files in " + file.format()
                + "; Delta Sharing serves Parquet data files only";
    }

    /**
     * A step of reading the snapshot's manifests and delete files: a file that is gone, unreachable
     * or damaged fails it with an error naming the table. What a visitor throws is not wrapped.
     */
    private <T> T reading(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            throw TableException.readFailure(name, "its Iceberg manifests or delete files", e);
        }
    }

    @Override
    public boolean rescanIsCostly() {
        return true;
    }

    @Override
    public void forEachFile(Predicate<DataFile> visitor) {
        if (snapshot == null) {
            return;
        }
        try (CloseableIterable<FileScanTask> tasks = reading(this::scan)) {
            Map<String, Map<String, long[]>> deleteFiles = new HashMap<>();
            java.util.Iterator<FileScanTask> it = reading(tasks::iterator);
            while (reading(it::hasNext)) {
                FileScanTask task = reading(it::next);
                DataFile served = served(task.file());
                if (!task.deletes().isEmpty()) {
                    DataFile withoutDeletes = served;
                    served = reading(() -> withDeletes(withoutDeletes, task, deleteFiles));
                }
                if (served != null && !visitor.test(served)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Iceberg data file as this snapshot's recipients see it: stats keyed like its columns. */
    DataFile served(org.apache.iceberg.DataFile file) {
        if (file.format() != FileFormat.PARQUET) {
            throw new TableException(Kind.UNSUPPORTED, notParquet(file), null);
        }
        return new DataFile(
                file.location(),
                locations.resolve(file.location()),
                partitions.of(file, columnMapping),
                file.fileSizeInBytes(),
                snapshot == null ? 0 : snapshot.timestampMillis(),
                IcebergStats.of(file, table.specs().get(file.specId()), schema, columnMapping),
                null);
    }

    Snapshot icebergSnapshot() {
        return snapshot;
    }

    /**
     * The data file with its deleted rows as a deletion vector: an Iceberg v3 vector carries the
     * Delta bytes already; v2 position-delete files are read and their positions for this file
     * gathered (a delete file may cover many data files). Equality deletes would need the data
     * itself to resolve and are refused. Null when every row of the file is deleted.
     */
    private DataFile withDeletes(DataFile served, FileScanTask task, Map<String, Map<String, long[]>> deleteFiles) {
        String dataLocation = task.file().location();
        DeletionVector vector = null;
        java.util.TreeSet<Long> positions = new java.util.TreeSet<>();
        for (DeleteFile delete : task.deletes()) {
            if (delete.content() == FileContent.EQUALITY_DELETES) {
                throw new TableException(Kind.UNSUPPORTED, equalityDeletes(delete), null);
            }
            if (delete.format() == FileFormat.PUFFIN) {
                // A v3 deletion vector holds all of the file's deletes, older position deletes included.
                vector = inline(dvBlob(delete), delete.recordCount(), delete);
                positions.clear();
                break;
            }
            ObjectPath file = locations.resolve(delete.location());
            long[] deleted = deleteFiles
                    .computeIfAbsent(delete.location(), l -> positionDeletes.read(file, delete.fileSizeInBytes()))
                    .getOrDefault(dataLocation, new long[0]);
            for (long p : deleted) {
                positions.add(p);
            }
        }
        if (vector == null && !positions.isEmpty()) {
            long[] sorted = positions.stream().mapToLong(Long::longValue).toArray();
            vector = inline(
                    DeletionVectors.serialize(sorted),
                    sorted.length,
                    task.deletes().get(0));
        }
        if (vector == null) {
            return served;
        }
        if (vector.cardinality() >= task.file().recordCount()) {
            return null;
        }
        return new DataFile(
                served.logPath(),
                served.object(),
                served.partitionValues(),
                served.size(),
                served.modificationTime(),
                served.stats(),
                vector);
    }

    private DeletionVector inline(byte[] serialized, long cardinality, DeleteFile source) {
        DeletionVector vector = DeletionVectors.inline(serialized, cardinality);
        if (vector == null) {
            throw new TableException(
                    Kind.UNSUPPORTED,
                    "The deletes of version " + version + " of table '" + name
                            + "' make a deletion vector too large to send inline; compact the table",
                    null);
        }
        return vector;
    }

    /** The magic and bitmap of a Puffin deletion-vector blob: its bytes between length and checksum. */
    private byte[] dvBlob(DeleteFile dv) {
        ObjectPath file = locations.resolve(dv.location());
        try (InputStream in = store.read(file.bucket(), file.key(), dv.contentOffset(), dv.contentSizeInBytes())) {
            byte[] blob = in.readAllBytes();
            int length = ByteBuffer.wrap(blob, 0, 4).getInt();
            if (length != blob.length - 8
                    || ByteBuffer.wrap(blob, 4, 4)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .getInt()
                            != DeletionVectors.MAGIC) {
                throw new TableException(
                        Kind.UNSUPPORTED,
                        "Version " + version + " of table '" + name + "' has an unreadable deletion vector",
                        new IllegalStateException(dv.location()));
            }
            return java.util.Arrays.copyOfRange(blob, 4, 4 + length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
