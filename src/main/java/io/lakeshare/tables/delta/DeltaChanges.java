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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the data-changing actions of a range of commits from the Delta log, commit by commit. */
final class DeltaChanges {

    private DeltaChanges() {}

    /** Commit by commit, with each commit's actions gathered (one commit's actions are held at a time). */
    static void readCommits(Engine engine, TableImpl table, String root, String bucket, String prefix, long start, long end,
                            Predicate<TableCommit> visitor) {
        try (CloseableIterator<ColumnarBatch> batches = DeltaTableReader.kernel(() -> table.getChanges(engine, start, end,
                Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA, DeltaAction.CDC, DeltaAction.COMMITINFO,
                DeltaAction.PROTOCOL)))) {
            CommitBuilder current = null;
            while (batches.hasNext()) {
                ColumnarBatch batch = batches.next();
                StructType schema = batch.getSchema();
                try (CloseableIterator<Row> rows = batch.getRows()) {
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        long v = row.getLong(schema.indexOf("version"));
                        if (current != null && current.version != v) {
                            if (!visitor.test(current.build())) {
                                return;
                            }
                            current = null;
                        }
                        if (current == null) {
                            current = new CommitBuilder(v, row.getLong(schema.indexOf("timestamp")));
                        }
                        current.accept(row, schema, root, bucket, prefix);
                    }
                }
            }
            if (current != null) {
                visitor.test(current.build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CommitBuilder {
        final long version;
        final long timestamp;
        final List<TableChange> files = new java.util.ArrayList<>();
        final List<TableChange> changeData = new java.util.ArrayList<>();
        io.lakeshare.tables.TableMetadata metadata;
        io.lakeshare.tables.TableProtocol protocol;
        String operation;
        Map<String, String> metrics = Map.of();

        CommitBuilder(long version, long timestamp) {
            this.version = version;
            this.timestamp = timestamp;
        }

        void accept(Row row, StructType schema, String root, String bucket, String prefix) {
            int add = schema.indexOf("add");
            int remove = schema.indexOf("remove");
            int cdc = schema.indexOf("cdc");
            int metaData = schema.indexOf("metaData");
            int commitInfo = schema.indexOf("commitInfo");
            int protocolAction = schema.indexOf("protocol");
            if (!row.isNullAt(add) && dataChange(row.getStruct(add))) {
                files.add(new TableChange(Kind.ADD, version, timestamp, file(row.getStruct(add), root, bucket, prefix), null, null, null));
            } else if (!row.isNullAt(remove) && dataChange(row.getStruct(remove))) {
                Row r = row.getStruct(remove);
                int deleted = r.getSchema().indexOf("deletionTimestamp");
                files.add(new TableChange(Kind.REMOVE, version, timestamp, file(r, root, bucket, prefix),
                        deleted < 0 || r.isNullAt(deleted) ? null : r.getLong(deleted), null, null));
            } else if (!row.isNullAt(cdc)) {
                changeData.add(new TableChange(Kind.CDC, version, timestamp, file(row.getStruct(cdc), root, bucket, prefix), null, null, null));
            } else if (!row.isNullAt(metaData)) {
                Metadata m = Metadata.fromRow(row.getStruct(metaData));
                metadata = DeltaSnapshot.metadata(m, VectorUtils.toJavaList(m.getPartitionColumns()));
            } else if (protocolAction >= 0 && !row.isNullAt(protocolAction)) {
                protocol = DeltaSnapshot.protocol(Protocol.fromRow(row.getStruct(protocolAction)));
            } else if (!row.isNullAt(commitInfo)) {
                Row info = row.getStruct(commitInfo);
                StructType s = info.getSchema();
                int op = s.indexOf("operation");
                int opMetrics = s.indexOf("operationMetrics");
                operation = op < 0 || info.isNullAt(op) ? null : info.getString(op);
                if (opMetrics >= 0 && !info.isNullAt(opMetrics)) {
                    metrics = VectorUtils.toJavaMap(info.getMap(opMetrics));
                }
            }
        }

        TableCommit build() {
            return new TableCommit(version, timestamp, List.copyOf(files), List.copyOf(changeData), metadata, protocol, operation, metrics);
        }
    }

    static void read(Engine engine, TableImpl table, String root, String bucket, String prefix, long start, long end,
                     Predicate<TableChange> visitor) {
        try (CloseableIterator<ColumnarBatch> batches = DeltaTableReader.kernel(() -> table.getChanges(engine, start, end,
                Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA, DeltaAction.PROTOCOL)))) {
            while (batches.hasNext()) {
                ColumnarBatch batch = batches.next();
                StructType schema = batch.getSchema();
                int version = schema.indexOf("version");
                int timestamp = schema.indexOf("timestamp");
                int add = schema.indexOf("add");
                int remove = schema.indexOf("remove");
                int metadata = schema.indexOf("metaData");
                int protocol = schema.indexOf("protocol");
                try (CloseableIterator<Row> rows = batch.getRows()) {
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        long v = row.getLong(version);
                        long ts = row.getLong(timestamp);
                        TableChange change = null;
                        if (!row.isNullAt(add) && dataChange(row.getStruct(add))) {
                            change = new TableChange(Kind.ADD, v, ts, file(row.getStruct(add), root, bucket, prefix), null, null, null);
                        } else if (!row.isNullAt(remove) && dataChange(row.getStruct(remove))) {
                            Row r = row.getStruct(remove);
                            int deleted = r.getSchema().indexOf("deletionTimestamp");
                            change = new TableChange(Kind.REMOVE, v, ts, file(r, root, bucket, prefix),
                                    deleted < 0 || r.isNullAt(deleted) ? null : r.getLong(deleted), null, null);
                        } else if (!row.isNullAt(metadata)) {
                            Metadata m = Metadata.fromRow(row.getStruct(metadata));
                            List<String> partitions = VectorUtils.toJavaList(m.getPartitionColumns());
                            change = new TableChange(Kind.METADATA, v, ts, null, null, DeltaSnapshot.metadata(m, partitions), null);
                        } else if (!row.isNullAt(protocol)) {
                            change = new TableChange(Kind.PROTOCOL, v, ts, null, null, null,
                                    DeltaSnapshot.protocol(Protocol.fromRow(row.getStruct(protocol))));
                        }
                        if (change != null && !visitor.test(change)) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
