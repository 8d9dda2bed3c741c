package io.lakeshare.tables.delta;

import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableChange.Kind;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a range of commits from the Delta log, commit by commit, and decides what each means for
 * the change data feed: its change-data files where it wrote any, nothing for a MERGE that changed
 * no rows, else the files it added and removed (PROTOCOL.md, "Read Change Data Feed from a Table").
 */
final class DeltaChanges {

    static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

    private final Engine engine;
    private final Table kernelTable;
    private final TableLocation.StoragePrefix table;
    /** The table root, named once rather than per file with a deletion vector. */
    private final String root;

    DeltaChanges(Engine engine, Table kernelTable, TableLocation.StoragePrefix table) {
        this.engine = engine;
        this.kernelTable = kernelTable;
        this.table = table;
        this.root = table.root();
    }

    /** Each data-changing action, metadata and protocol change of commits start..end, in log order. */
    void read(long start, long end, Predicate<TableChange> visitor) {
        rows(
                start,
                end,
                EnumSet.of(
                        KernelInternals.Action.ADD,
                        KernelInternals.Action.REMOVE,
                        KernelInternals.Action.METADATA,
                        KernelInternals.Action.PROTOCOL),
                (row, schema) -> {
                    TableChange change = change(row, schema);
                    return change == null || visitor.test(change);
                });
    }

    /** Commit by commit, with each commit's actions gathered (one commit's actions are held at a time). */
    void readCommits(long start, long end, Predicate<TableCommit> visitor) {
        CommitReader commits = new CommitReader(visitor);
        rows(start, end, EnumSet.allOf(KernelInternals.Action.class), commits::accept);
        commits.finish();
    }

    /**
     * Refuses a range some version of which was written without change data: the table as of
     * {@code start}, and every metadata change up to {@code end}, must have the change data feed on.
     */
    void requireChangeData(TableMetadata atStart, long start, long end) {
        requireChangeData(atStart, start);
        rows(start, end, EnumSet.of(KernelInternals.Action.METADATA), (row, schema) -> {
            TableChange change = change(row, schema);
            if (change != null && change.kind() == Kind.METADATA) {
                requireChangeData(change.metadata(), change.version());
            }
            return true;
        });
    }

    private void requireChangeData(TableMetadata metadata, long version) {
        if (!"true".equalsIgnoreCase(metadata.configuration().get(CHANGE_DATA_FEED))) {
            throw new TableException(
                    TableException.Kind.BAD_VERSION,
                    "Change data was not recorded for version " + version
                            + " of table '" + table.name() + "': its change data feed (" + CHANGE_DATA_FEED
                            + ") was off; ask from a later version",
                    null);
        }
    }

    /** A MERGE whose metrics say it inserted, updated and deleted nothing rewrote files without changing rows. */
    static boolean noOpMerge(String operation, Map<String, String> metrics) {
        return "MERGE".equals(operation)
                && "0".equals(metrics.get("numTargetRowsInserted"))
                && "0".equals(metrics.get("numTargetRowsUpdated"))
                && "0".equals(metrics.get("numTargetRowsDeleted"));
    }

    private interface RowVisitor {
        /** Returns false to stop. */
        boolean visit(Row row, StructType schema);
    }

    /** The rows Kernel gives for the actions of commits start..end: one action (or none) per row. */
    private void rows(long start, long end, Set<KernelInternals.Action> actions, RowVisitor visitor) {
        try (CloseableIterator<ColumnarBatch> batches =
                readingLog(() -> KernelInternals.changes(kernelTable, engine, start, end, actions))) {
            while (readingLog(batches::hasNext)) {
                ColumnarBatch batch = readingLog(batches::next);
                StructType schema = batch.getSchema();
                try (CloseableIterator<Row> rows = batch.getRows()) {
                    while (readingLog(rows::hasNext)) {
                        if (!visitor.visit(readingLog(rows::next), schema)) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step of reading the commits, whose failure names the table (the visitor's own failures pass as they are). */
    private <T> T readingLog(java.util.function.Supplier<T> step) {
        try {
            return DeltaTableReader.kernel(table, step);
        } catch (TableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw TableException.readFailure(table, "its log", e);
        }
    }

    /**
     * The change a row holds: a data-changing add or remove, a change-data file, a metadata or a
     * protocol change; null for anything else (a commitInfo, an add that only rearranges data).
     */
    private TableChange change(Row row, StructType schema) {
        long v = row.getLong(schema.indexOf("version"));
        long ts = row.getLong(schema.indexOf("timestamp"));
        Row add = struct(row, schema, "add");
        if (add != null) {
            return dataChange(add) ? new TableChange(Kind.ADD, v, ts, file(add), null, null, null) : null;
        }
        Row remove = struct(row, schema, "remove");
        if (remove != null) {
            int deleted = remove.getSchema().indexOf("deletionTimestamp");
            return dataChange(remove)
                    ? new TableChange(
                            Kind.REMOVE,
                            v,
                            ts,
                            file(remove),
                            deleted < 0 || remove.isNullAt(deleted) ? null : remove.getLong(deleted),
                            null,
                            null)
                    : null;
        }
        Row cdc = struct(row, schema, "cdc");
        if (cdc != null) {
            return new TableChange(Kind.CDC, v, ts, file(cdc), null, null, null);
        }
        Row metadata = struct(row, schema, "metaData");
        if (metadata != null) {
            return new TableChange(Kind.METADATA, v, ts, null, null, KernelInternals.metadataFromRow(metadata), null);
        }
        Row protocol = struct(row, schema, "protocol");
        if (protocol != null) {
            return new TableChange(Kind.PROTOCOL, v, ts, null, null, null, KernelInternals.protocolFromRow(protocol));
        }
        return null;
    }

    private static Row struct(Row row, StructType schema, String field) {
        int i = schema.indexOf(field);
        return i < 0 || row.isNullAt(i) ? null : row.getStruct(i);
    }

    /** Gathers one commit's actions at a time and hands each commit over once its last row is read. */
    private final class CommitReader {
        private final Predicate<TableCommit> visitor;
        private CommitBuilder current;
        private boolean stopped;

        CommitReader(Predicate<TableCommit> visitor) {
            this.visitor = visitor;
        }

        boolean accept(Row row, StructType schema) {
            long v = row.getLong(schema.indexOf("version"));
            if (current != null && current.version != v) {
                if (!visitor.test(current.build())) {
                    stopped = true;
                    return false;
                }
                current = null;
            }
            if (current == null) {
                current = new CommitBuilder(v, row.getLong(schema.indexOf("timestamp")));
            }
            Row info = struct(row, schema, "commitInfo");
            if (info != null) {
                current.commitInfo(info);
            } else {
                current.add(change(row, schema));
            }
            return true;
        }

        void finish() {
            if (current != null && !stopped) {
                visitor.test(current.build());
            }
        }
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

        void commitInfo(Row info) {
            StructType s = info.getSchema();
            int op = s.indexOf("operation");
            int opMetrics = s.indexOf("operationMetrics");
            operation = op < 0 || info.isNullAt(op) ? null : info.getString(op);
            if (opMetrics >= 0 && !info.isNullAt(opMetrics)) {
                metrics = KernelInternals.stringMap(info.getMap(opMetrics));
            }
        }

        void add(TableChange change) {
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
            List<TableChange> feed =
                    !changeData.isEmpty() ? changeData : noOpMerge(operation, metrics) ? List.of() : files;
            return new TableCommit(version, timestamp, List.copyOf(feed), metadata, protocol);
        }
    }

    private static boolean dataChange(Row action) {
        int i = action.getSchema().indexOf("dataChange");
        return i < 0 || action.isNullAt(i) || action.getBoolean(i);
    }

    private DataFile file(Row action) {
        StructType s = action.getSchema();
        String path = action.getString(s.indexOf("path"));
        int partitions = s.indexOf("partitionValues");
        Map<String, String> values = partitions < 0 || action.isNullAt(partitions)
                ? Map.of()
                : Collections.unmodifiableMap(
                        new LinkedHashMap<>(KernelInternals.stringMap(action.getMap(partitions))));
        int size = s.indexOf("size");
        int modified = s.indexOf("modificationTime");
        int stats = s.indexOf("stats");
        Row dv = struct(action, s, "deletionVector");
        return new DataFile(
                path,
                DeltaSnapshot.objectOf(table, path),
                values,
                size < 0 || action.isNullAt(size) ? 0 : action.getLong(size),
                modified < 0 || action.isNullAt(modified) ? 0 : action.getLong(modified),
                stats < 0 || action.isNullAt(stats) ? null : action.getString(stats),
                dv == null
                        ? null
                        : DeltaSnapshot.deletionVector(KernelInternals.deletionVectorFromRow(dv, root), table, root));
    }
}
