package io.lakeshare.tables.delta;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.TableImpl;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableChange.Kind;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the data-changing actions of a range of commits from the Delta log, commit by commit. */
final class DeltaChanges {

    private DeltaChanges() {}

    /** Each data-changing action, metadata and protocol change of commits start..end, in log order. */
    static void read(Engine engine, TableImpl table, String root, String bucket, String prefix, long start, long end,
                     Predicate<TableChange> visitor) {
        rows(engine, table, start, end, Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA, DeltaAction.PROTOCOL),
                (row, schema) -> {
                    TableChange change = change(row, schema, root, bucket, prefix);
                    return change == null || visitor.test(change);
                });
    }

    /** Commit by commit, with each commit's actions gathered (one commit's actions are held at a time). */
    static void readCommits(Engine engine, TableImpl table, String root, String bucket, String prefix, long start, long end,
                            Predicate<TableCommit> visitor) {
        CommitBuilder[] current = {null};
        boolean[] stopped = {false};
        rows(engine, table, start, end, Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA, DeltaAction.CDC,
                DeltaAction.COMMITINFO, DeltaAction.PROTOCOL), (row, schema) -> {
                    long v = row.getLong(schema.indexOf("version"));
                    if (current[0] != null && current[0].version != v) {
                        if (!visitor.test(current[0].build())) {
                            stopped[0] = true;
                            return false;
                        }
                        current[0] = null;
                    }
                    if (current[0] == null) {
                        current[0] = new CommitBuilder(v, row.getLong(schema.indexOf("timestamp")));
                    }
                    current[0].accept(row, schema, root, bucket, prefix);
                    return true;
                });
        if (current[0] != null && !stopped[0]) {
            visitor.test(current[0].build());
        }
    }

    private interface RowVisitor {
        /** Returns false to stop. */
        boolean visit(Row row, StructType schema);
    }

    /** The rows Kernel gives for the actions of commits start..end: one action (or none) per row. */
    private static void rows(Engine engine, TableImpl table, long start, long end, Set<DeltaAction> actions, RowVisitor visitor) {
        try (CloseableIterator<ColumnarBatch> batches = DeltaTableReader.kernel(() -> table.getChanges(engine, start, end, actions))) {
            while (batches.hasNext()) {
                ColumnarBatch batch = batches.next();
                StructType schema = batch.getSchema();
                try (CloseableIterator<Row> rows = batch.getRows()) {
                    while (rows.hasNext()) {
                        if (!visitor.visit(rows.next(), schema)) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The change a row holds: a data-changing add or remove, a change-data file, a metadata or a
     * protocol change; null for anything else (a commitInfo, an add that only rearranges data).
     */
    private static TableChange change(Row row, StructType schema, String root, String bucket, String prefix) {
        long v = row.getLong(schema.indexOf("version"));
        long ts = row.getLong(schema.indexOf("timestamp"));
        int add = schema.indexOf("add");
        int remove = schema.indexOf("remove");
        int cdc = schema.indexOf("cdc");
        int metadata = schema.indexOf("metaData");
        int protocol = schema.indexOf("protocol");
        if (add >= 0 && !row.isNullAt(add)) {
            Row a = row.getStruct(add);
            return dataChange(a) ? new TableChange(Kind.ADD, v, ts, file(a, root, bucket, prefix), null, null, null) : null;
        }
        if (remove >= 0 && !row.isNullAt(remove)) {
            Row r = row.getStruct(remove);
            int deleted = r.getSchema().indexOf("deletionTimestamp");
            return dataChange(r) ? new TableChange(Kind.REMOVE, v, ts, file(r, root, bucket, prefix),
                    deleted < 0 || r.isNullAt(deleted) ? null : r.getLong(deleted), null, null) : null;
        }
        if (cdc >= 0 && !row.isNullAt(cdc)) {
            return new TableChange(Kind.CDC, v, ts, file(row.getStruct(cdc), root, bucket, prefix), null, null, null);
        }
        if (metadata >= 0 && !row.isNullAt(metadata)) {
            Metadata m = Metadata.fromRow(row.getStruct(metadata));
            return new TableChange(Kind.METADATA, v, ts, null, null,
                    DeltaSnapshot.metadata(m, VectorUtils.toJavaList(m.getPartitionColumns())), null);
        }
        if (protocol >= 0 && !row.isNullAt(protocol)) {
            return new TableChange(Kind.PROTOCOL, v, ts, null, null, null, DeltaSnapshot.protocol(Protocol.fromRow(row.getStruct(protocol))));
        }
        return null;
    }

    private static final class CommitBuilder {
        final long version;
        final long timestamp;
        final List<TableChange> files = new ArrayList<>();
        final List<TableChange> changeData = new ArrayList<>();
        TableMetadata metadata;
        TableProtocol protocol;
        String operation;
        Map<String, String> metrics = Map.of();

        CommitBuilder(long version, long timestamp) {
            this.version = version;
            this.timestamp = timestamp;
        }

        void accept(Row row, StructType schema, String root, String bucket, String prefix) {
            int commitInfo = schema.indexOf("commitInfo");
            if (commitInfo >= 0 && !row.isNullAt(commitInfo)) {
                Row info = row.getStruct(commitInfo);
                StructType s = info.getSchema();
                int op = s.indexOf("operation");
                int opMetrics = s.indexOf("operationMetrics");
                operation = op < 0 || info.isNullAt(op) ? null : info.getString(op);
                if (opMetrics >= 0 && !info.isNullAt(opMetrics)) {
                    metrics = VectorUtils.toJavaMap(info.getMap(opMetrics));
                }
                return;
            }
            TableChange change = change(row, schema, root, bucket, prefix);
            if (change == null) {
                return;
            }
            switch (change.kind()) {
                case ADD, REMOVE -> files.add(change);
                case CDC -> changeData.add(change);
                case METADATA -> metadata = change.metadata();
                case PROTOCOL -> protocol = change.protocol();
            }
        }

        TableCommit build() {
            return new TableCommit(version, timestamp, List.copyOf(files), List.copyOf(changeData), metadata, protocol, operation, metrics);
        }
    }

    private static boolean dataChange(Row action) {
        int i = action.getSchema().indexOf("dataChange");
        return i < 0 || action.isNullAt(i) || action.getBoolean(i);
    }

    private static DataFile file(Row action, String root, String bucket, String prefix) {
        StructType s = action.getSchema();
        String path = action.getString(s.indexOf("path"));
        int partitions = s.indexOf("partitionValues");
        Map<String, String> values = partitions < 0 || action.isNullAt(partitions) ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(VectorUtils.<String, String>toJavaMap(action.getMap(partitions))));
        int size = s.indexOf("size");
        int modified = s.indexOf("modificationTime");
        int stats = s.indexOf("stats");
        int dv = s.indexOf("deletionVector");
        return new DataFile(path, DeltaSnapshot.objectOf(bucket, prefix, path), values,
                size < 0 || action.isNullAt(size) ? 0 : action.getLong(size),
                modified < 0 || action.isNullAt(modified) ? 0 : action.getLong(modified),
                stats < 0 || action.isNullAt(stats) ? null : action.getString(stats),
                dv < 0 || action.isNullAt(dv) ? null : DeltaSnapshot.deletionVector(DeletionVectorDescriptor.fromRow(action.getStruct(dv)), root));
    }
}
