package io.lakeshare.tables.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.FileTotals;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.SnapshotWatcher;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Predicate;

/** A Delta table at one version, read by Delta Kernel. Immutable once built; shared between requests. */
final class DeltaSnapshot implements TableSnapshot {

    private final Engine engine;
    private final TableLocation.StoragePrefix table;
    /** The table root, named once: building it quotes a URI, too costly to repeat per file. */
    private final String root;

    private final Snapshot snapshot;
    private final long timestamp;
    private final TableProtocol protocol;
    private final TableMetadata metadata;
    private final long smallFileBytes;
    private final SnapshotWatcher watcher;
    private volatile SnapshotSummary summary;
    private volatile FileTotals totals;

    DeltaSnapshot(
            Engine engine,
            TableLocation.StoragePrefix table,
            Snapshot snapshot,
            long smallFileBytes,
            SnapshotWatcher watcher) {
        this.engine = engine;
        this.watcher = watcher;
        this.table = table;
        this.root = table.root();
        this.snapshot = snapshot;
        this.smallFileBytes = smallFileBytes;
        this.timestamp = DeltaTableReader.kernel(table, () -> snapshot.getTimestamp(engine));
        this.protocol = KernelInternals.protocol(snapshot);
        this.metadata = KernelInternals.metadata(snapshot);
    }

    @Override
    public long version() {
        return snapshot.getVersion();
    }

    @Override
    public long timestamp() {
        return timestamp;
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
        SnapshotSummary s = summary;
        if (s == null) {
            synchronized (this) {
                if (summary == null) {
                    summary = count(true).summary();
                    if (totals == null) {
                        totals = summary.totals();
                    }
                }
                s = summary;
            }
        }
        return s;
    }

    @Override
    public FileTotals totals() {
        FileTotals t = totals;
        if (t == null) {
            synchronized (this) {
                if (totals == null) {
                    // Without statistics: decoding them is most of the cost of a pass over the
                    // checkpoint, and a recipient's first line waits for these totals.
                    totals = summary != null ? summary.totals() : count(false).totals();
                }
                t = totals;
            }
        }
        return t;
    }

    /**
     * One pass over the log's rows, decoding no partition values (and statistics only if {@code
     * withStats}) as building each DataFile would; files outside the table root are refused here, as
     * the query would, so that it fails before its first line.
     */
    private SnapshotSummary.Counter count(boolean withStats) {
        SnapshotSummary.Counter counter = new SnapshotSummary.Counter(smallFileBytes);
        scan(withStats, (scanFile, add, fields) -> {
            objectOf(table, add.getString(fields.path()));
            boolean vector = fields.deletionVector() >= 0 && !add.isNullAt(fields.deletionVector());
            if (vector) {
                deletionVector(KernelInternals.deletionVector(scanFile, root), table, root);
            }
            counter.count(add.getLong(fields.size()), vector, fields.stats() >= 0 && !add.isNullAt(fields.stats()));
            return true;
        });
        watcher.readWhole();
        return counter;
    }

    @Override
    public void forEachFile(Predicate<DataFile> visitor) {
        scan(true, (scanFile, add, fields) -> visitor.test(dataFile(scanFile, add, fields)));
    }

    /**
     * Visits the scan file and {@code add} row of each active file until the visitor returns false;
     * without {@code withStats}, the rows have no {@code stats} field.
     */
    private void scan(boolean withStats, ScanVisitor visitor) {
        AddFields fields = null;
        try (CloseableIterator<FilteredColumnarBatch> batches = readingLog(() -> withStats
                ? KernelInternals.scanFilesWithStats(snapshot, engine)
                : snapshot.getScanBuilder().build().getScanFiles(engine))) {
            while (readingLog(batches::hasNext)) {
                try (CloseableIterator<Row> rows = readingLog(batches::next).getRows()) {
                    while (readingLog(rows::hasNext)) {
                        Row scanFile = readingLog(rows::next);
                        Row add = KernelInternals.addOf(scanFile);
                        if (fields == null) {
                            fields = new AddFields(add.getSchema());
                        }
                        if (!visitor.visit(scanFile, add, fields)) {
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
     * A step of reading the log and checkpoints. Kernel reads them as the scan goes, so a file that
     * is damaged or gone shows here, possibly after lines were sent: the failure names the table,
     * and the reader forgets this snapshot so that the next request meets it before its first line.
     * What the visitor throws (the client went away, say) is not the log's failure and passes as it is.
     */
    private <T> T readingLog(java.util.function.Supplier<T> step) {
        try {
            return DeltaTableReader.kernel(table, step);
        } catch (TableException e) {
            watcher.failed(e);
            throw e;
        } catch (RuntimeException e) {
            TableException failure = TableException.readFailure(table, "its log or a checkpoint", e);
            watcher.failed(failure);
            throw failure;
        }
    }

    private interface ScanVisitor {
        boolean visit(Row scanFile, Row add, AddFields fields);
    }

    /** Where the fields of an {@code add} row are: looked up once per scan, not once per file. */
    private record AddFields(int path, int stats, int size, int modificationTime, int deletionVector) {
        AddFields(StructType add) {
            this(
                    add.indexOf("path"),
                    add.indexOf("stats"),
                    add.indexOf("size"),
                    add.indexOf("modificationTime"),
                    add.indexOf("deletionVector"));
        }
    }

    private DataFile dataFile(Row scanFile, Row add, AddFields fields) {
        String logPath = add.getString(fields.path());
        return new DataFile(
                logPath,
                objectOf(table, logPath),
                KernelInternals.partitionValues(scanFile),
                add.getLong(fields.size()),
                add.getLong(fields.modificationTime()),
                stringOrNull(add, fields.stats()),
                deletionVector(KernelInternals.deletionVector(scanFile, root), table, root));
    }

    /** Where a log path's bytes are; only files under the table root may be shared. */
    static ObjectPath objectOf(TableLocation.StoragePrefix table, String logPath) {
        if (logPath.indexOf('%') < 0
                && logPath.indexOf(':') < 0
                && !logPath.startsWith("/")
                && !logPath.contains("..")) {
            // The common case, a plain relative path: nothing to decode (parsing a URI per file is costly).
            return new ObjectPath(table.bucket(), table.prefix() + logPath);
        }
        String relative;
        try {
            URI uri = new URI(logPath);
            if (uri.isAbsolute()) {
                throw outsideRoot(table);
            }
            relative = uri.getPath();
        } catch (java.net.URISyntaxException e) {
            relative = logPath;
        }
        if (relative.startsWith("/") || relative.contains("../") || relative.startsWith("..")) {
            throw outsideRoot(table);
        }
        return new ObjectPath(table.bucket(), table.prefix() + relative);
    }

    static TableException outsideRoot(TableLocation table) {
        return new TableException(
                Kind.UNSUPPORTED,
                "The log of table '" + table.name() + "' refers to files outside the"
                        + " table's location, as shallow clones do; only tables whose files are all under their own location"
                        + " can be shared",
                null);
    }

    /**
     * A deletion vector with where its file is; a vector stored outside the table root ({@code root},
     * as {@link TableLocation.StoragePrefix#root()} names it) is refused.
     */
    static DeletionVector deletionVector(
            KernelInternals.DeletionVectorInfo dv, TableLocation.StoragePrefix table, String root) {
        if (dv == null) {
            return null;
        }
        ObjectPath object = null;
        if (dv.absolutePath() != null) {
            if (!dv.absolutePath().startsWith(root + "/")) {
                throw outsideRoot(table);
            }
            object = ObjectPath.parse(dv.absolutePath());
            // Judged decoded, as the store will read it: %2E%2E is a way up too.
            if (java.util.Arrays.stream(object.key().split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
                throw outsideRoot(table);
            }
        }
        return new DeletionVector(
                dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(), dv.cardinality(), object);
    }

    private static String stringOrNull(Row row, int ordinal) {
        return ordinal < 0 || row.isNullAt(ordinal) ? null : row.getString(ordinal);
    }
}
