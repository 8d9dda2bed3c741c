package io.lakeshare.tables.delta;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/** A Delta table at one version, read by Delta Kernel. Immutable once built; shared between requests. */
final class DeltaSnapshot implements TableSnapshot {

    private final Engine engine;
    private final String bucket;
    private final String prefix;
    private final String root;
    private final SnapshotImpl snapshot;
    private final long timestamp;
    private final TableProtocol protocol;
    private final TableMetadata metadata;
    private final long smallFileBytes;
    private volatile SnapshotSummary summary;

    DeltaSnapshot(Engine engine, String root, String bucket, String prefix, SnapshotImpl snapshot, long smallFileBytes) {
        this.engine = engine;
        this.bucket = bucket;
        this.prefix = prefix;
        this.root = root;
        this.snapshot = snapshot;
        this.smallFileBytes = smallFileBytes;
        this.timestamp = DeltaTableReader.kernel(() -> snapshot.getTimestamp(engine));
        this.protocol = protocol(snapshot.getProtocol());
        this.metadata = metadata(snapshot.getMetadata(), snapshot.getPartitionColumnNames());
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
                    summary = summarize();
                }
                s = summary;
            }
        }
        return s;
    }

    @Override
    public void forEachFile(Predicate<DataFile> visitor) {
        ScanImpl scan = (ScanImpl) snapshot.getScanBuilder().build();
        AddFields fields = null;
        try (CloseableIterator<FilteredColumnarBatch> batches = DeltaTableReader.kernel(() -> scan.getScanFiles(engine, true))) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
                        if (fields == null) {
                            fields = new AddFields(add.getSchema());
                        }
                        if (!visitor.test(dataFile(scanFile, add, fields))) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the fields of an {@code add} row are: looked up once per scan, not once per file. */
    private record AddFields(int path, int stats, int size, int modificationTime) {
        AddFields(StructType add) {
            this(add.indexOf("path"), add.indexOf("stats"), add.indexOf("size"), add.indexOf("modificationTime"));
        }
    }

    private SnapshotSummary summarize() {
        long[] totals = new long[5];
        forEachFile(f -> {
            totals[0]++;
            totals[1] += f.size();
            totals[2] += f.deletionVector() == null ? 0 : 1;
            totals[3] += f.stats() == null ? 1 : 0;
            totals[4] += f.size() < smallFileBytes ? 1 : 0;
            return true;
        });
        return new SnapshotSummary(totals[0], totals[1], totals[2], totals[3], totals[4]);
    }

    private DataFile dataFile(Row scanFile, Row add, AddFields fields) {
        String logPath = add.getString(fields.path());
        return new DataFile(logPath, objectOf(logPath), InternalScanFileUtils.getPartitionValues(scanFile),
                add.getLong(fields.size()), add.getLong(fields.modificationTime()), stringOrNull(add, fields.stats()),
                deletionVector(scanFile));
    }

    /** Where a log path's bytes are; only files under the table root may be shared. */
    ObjectPath objectOf(String logPath) {
        return objectOf(bucket, prefix, logPath);
    }

    static ObjectPath objectOf(String bucket, String prefix, String logPath) {
        if (logPath.indexOf('%') < 0 && logPath.indexOf(':') < 0 && !logPath.startsWith("/") && !logPath.contains("..")) {
            // The common case, a plain relative path: nothing to decode (parsing a URI per file is costly).
            return new ObjectPath(bucket, prefix + logPath);
        }
        String relative;
        try {
            URI uri = new URI(logPath);
            if (uri.isAbsolute()) {
                throw outsideRoot(logPath);
            }
            relative = uri.getPath();
        } catch (java.net.URISyntaxException e) {
            relative = logPath;
        }
        String key = prefix + relative;
        if (relative.startsWith("/") || relative.contains("../") || relative.startsWith("..")) {
            throw outsideRoot(logPath);
        }
        return new ObjectPath(bucket, key);
    }

    static TableException outsideRoot(String logPath) {
        return new TableException(Kind.UNSUPPORTED, "The table's log refers to a file outside the table's location ("
                + logPath + "), as shallow clones do; only tables whose files are all under their own location can be shared", null);
    }

    private DeletionVector deletionVector(Row scanFile) {
        return deletionVector(InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile), root);
    }

    static DeletionVector deletionVector(DeletionVectorDescriptor dv, String root) {
        if (dv == null) {
            return null;
        }
        ObjectPath object = null;
        if (dv.isOnDisk()) {
            String path = dv.getAbsolutePath(root);
            if (!path.startsWith(root + "/")) {
                throw outsideRoot(path);
            }
            object = ObjectPath.parse(path);
            // Judged decoded, as the store will read it: %2E%2E is a way up too.
            if (java.util.Arrays.stream(object.key().split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
                throw outsideRoot(path);
            }
        }
        return new DeletionVector(dv.getStorageType(), dv.getPathOrInlineDv(), dv.getOffset().orElse(null),
                dv.getSizeInBytes(), dv.getCardinality(), object);
    }

    private static String stringOrNull(Row row, int ordinal) {
        return ordinal < 0 || row.isNullAt(ordinal) ? null : row.getString(ordinal);
    }

    static TableProtocol protocol(Protocol p) {
        return new TableProtocol(p.getMinReaderVersion(), p.getMinWriterVersion(),
                Collections.unmodifiableSet(new TreeSet<>(p.getReaderFeatures())),
                Collections.unmodifiableSet(new TreeSet<>(p.getWriterFeatures())));
    }

    static TableMetadata metadata(Metadata m, List<String> partitionColumns) {
        Map<String, String> options = toMap(m.getFormat().getOptions());
        return new TableMetadata(m.getId(), m.getName().orElse(null), m.getDescription().orElse(null),
                m.getFormat().getProvider(), options, m.getSchemaString(), List.copyOf(partitionColumns),
                Collections.unmodifiableMap(new LinkedHashMap<>(m.getConfiguration())), m.getCreatedTime().orElse(null));
    }

    private static Map<String, String> toMap(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

}
