package io.lakeshare.tables.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TableImpl;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Lakeshare takes from Delta Kernel's internal API ({@code io.delta.kernel.internal.*}),
 * in one place: a Kernel upgrade that moves or changes these touches this file only. Each method
 * says what the public API lacks today. Nothing here lets an internal type out: callers get
 * Lakeshare's own types, or Kernel's public ones.
 */
final class KernelInternals {

    private KernelInternals() {}

    /** The actions of a commit {@link #changes} can return. */
    enum Action {
        ADD,
        REMOVE,
        CDC,
        METADATA,
        PROTOCOL,
        COMMIT_INFO
    }

    /** A deletion vector as the log describes it; {@code absolutePath} is null for one stored inline. */
    record DeletionVectorInfo(
            String storageType,
            String pathOrInlineDv,
            Integer offset,
            int sizeInBytes,
            long cardinality,
            String absolutePath) {}

    /**
     * The protocol (reader and writer versions, features) of a snapshot. Public API: none; {@code Snapshot}
     * offers the schema and table properties, not the protocol.
     */
    static TableProtocol protocol(Snapshot snapshot) {
        return protocol(((SnapshotImpl) snapshot).getProtocol());
    }

    /**
     * The metadata action of a snapshot (id, name, description, format, schema string, created
     * time). Public API: {@code Snapshot.getSchema()} and {@code getTableProperties()} cover part of it.
     */
    static TableMetadata metadata(Snapshot snapshot) {
        return metadata(((SnapshotImpl) snapshot).getMetadata(), snapshot.getPartitionColumnNames());
    }

    /**
     * The scan files of a snapshot with their statistics. Public API: {@code Scan.getScanFiles(engine)}
     * leaves the stats out.
     */
    static CloseableIterator<FilteredColumnarBatch> scanFilesWithStats(Snapshot snapshot, Engine engine) {
        return ((ScanImpl) snapshot.getScanBuilder().build()).getScanFiles(engine, true);
    }

    /** The {@code add} struct of a scan file row. Public API: none (the ordinal is internal). */
    static Row addOf(Row scanFile) {
        return scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    }

    /** A scan file's partition values, serialized as the log has them. Public API: none. */
    static Map<String, String> partitionValues(Row scanFile) {
        return InternalScanFileUtils.getPartitionValues(scanFile);
    }

    /** A scan file's deletion vector, or null. Public API: none. */
    static DeletionVectorInfo deletionVector(Row scanFile, String tableRoot) {
        return info(InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile), tableRoot);
    }

    /** The deletion vector of an {@code add} or {@code remove} read from the log. Public API: none. */
    static DeletionVectorInfo deletionVectorFromRow(Row deletionVector, String tableRoot) {
        return info(DeletionVectorDescriptor.fromRow(deletionVector), tableRoot);
    }

    /**
     * The latest version committed at or before {@code millis}. Public API:
     * {@code Table.getSnapshotAsOfTimestamp}, which also loads the snapshot.
     */
    static long versionAtOrBefore(Table table, Engine engine, long millis) {
        return ((TableImpl) table).getVersionBeforeOrAtTimestamp(engine, millis);
    }

    /** The earliest version committed at or after {@code millis}. Public API: none. */
    static long versionAtOrAfter(Table table, Engine engine, long millis) {
        return ((TableImpl) table).getVersionAtOrAfterTimestamp(engine, millis);
    }

    /**
     * The rows of the given actions of commits {@code start}..{@code end}, each with its commit's
     * {@code version} and {@code timestamp}. Public API: none (the change-data reader is internal).
     */
    static CloseableIterator<ColumnarBatch> changes(
            Table table, Engine engine, long start, long end, Set<Action> actions) {
        Set<DeltaAction> kernelActions = EnumSet.noneOf(DeltaAction.class);
        for (Action a : actions) {
            kernelActions.add(
                    switch (a) {
                        case ADD -> DeltaAction.ADD;
                        case REMOVE -> DeltaAction.REMOVE;
                        case CDC -> DeltaAction.CDC;
                        case METADATA -> DeltaAction.METADATA;
                        case PROTOCOL -> DeltaAction.PROTOCOL;
                        case COMMIT_INFO -> DeltaAction.COMMITINFO;
                    });
        }
        return ((TableImpl) table).getChanges(engine, start, end, kernelActions);
    }

    /** A {@code metaData} action read from the log. Public API: none. */
    static TableMetadata metadataFromRow(Row metadata) {
        Metadata m = Metadata.fromRow(metadata);
        return metadata(m, VectorUtils.toJavaList(m.getPartitionColumns()));
    }

    /** A {@code protocol} action read from the log. Public API: none. */
    static TableProtocol protocolFromRow(Row protocol) {
        return protocol(Protocol.fromRow(protocol));
    }

    /** A string map of a row. Public API: none (the vector helpers are internal). */
    static Map<String, String> stringMap(MapValue map) {
        return VectorUtils.toJavaMap(map);
    }

    private static DeletionVectorInfo info(DeletionVectorDescriptor dv, String tableRoot) {
        if (dv == null) {
            return null;
        }
        return new DeletionVectorInfo(
                dv.getStorageType(),
                dv.getPathOrInlineDv(),
                dv.getOffset().orElse(null),
                dv.getSizeInBytes(),
                dv.getCardinality(),
                dv.isOnDisk() ? dv.getAbsolutePath(tableRoot) : null);
    }

    private static TableProtocol protocol(Protocol p) {
        return new TableProtocol(
                p.getMinReaderVersion(),
                p.getMinWriterVersion(),
                Collections.unmodifiableSet(new TreeSet<>(p.getReaderFeatures())),
                Collections.unmodifiableSet(new TreeSet<>(p.getWriterFeatures())));
    }

    private static TableMetadata metadata(Metadata m, List<String> partitionColumns) {
        Map<String, String> options = m.getFormat().getOptions() == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(m.getFormat().getOptions()));
        return new TableMetadata(
                m.getId(),
                m.getName().orElse(null),
                m.getDescription().orElse(null),
                m.getFormat().getProvider(),
                options,
                m.getSchemaString(),
                List.copyOf(partitionColumns),
                Collections.unmodifiableMap(new LinkedHashMap<>(m.getConfiguration())),
                m.getCreatedTime().orElse(null));
    }
}
