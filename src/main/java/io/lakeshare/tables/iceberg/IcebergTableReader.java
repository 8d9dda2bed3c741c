package io.lakeshare.tables.iceberg;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.SnapshotCache;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.delta.PositionDeleteFiles;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import java.util.function.Predicate;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Reads Iceberg tables with Iceberg Core over the storage port. Versions are snapshot sequence
 * numbers along the current snapshot's ancestry: stable (the same snapshot always has the same
 * version), increasing with every commit, possibly with gaps (numbers spent on other branches), and
 * never snapshot ids. Parsed metadata files are immutable and cached by location; the current one is
 * looked up at each request.
 */
@ApplicationScoped
public class IcebergTableReader {

    /** Format v1 tables give every snapshot sequence number 0: no version to tell them apart. */
    private static final int FIRST_FORMAT_WITH_SEQUENCE_NUMBERS = 2;

    private final Storage storage;
    private final StorageConfig storageConfig;
    private final long smallFileBytes;
    private final SnapshotCache snapshots;
    private final Map<String, Table> tables = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Table> eldest) {
            return size() > 64;
        }
    });
    /** Bounds the threads manifest reading may use; Iceberg's own pool would take one per core. */
    private final ExecutorService planner = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "iceberg-planner");
        t.setDaemon(true);
        return t;
    });

    private final PositionDeleteFiles positionDeletes;
    private final RestCatalogs restCatalogs;
    /** The uuid of each table as last found, and when (tables are looked up at every request). */
    private final Map<String, Identity> uuids = new ConcurrentHashMap<>();
    private static final long IDENTITY_FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Identity(String uuid, long notedAt) {}

    @Inject
    public IcebergTableReader(Storage storage, StorageConfig storageConfig, TablesConfig config, LakeshareMetrics metrics,
                              PositionDeleteFiles positionDeletes, RestCatalogs restCatalogs) {
        this.positionDeletes = positionDeletes;
        this.restCatalogs = restCatalogs;
        this.storage = storage;
        this.storageConfig = storageConfig;
        this.smallFileBytes = config.smallFileBytes();
        this.snapshots = new SnapshotCache(config.snapshotCacheSize(), metrics::snapshotCache);
    }

    /** The current metadata file and why it is the one, for owners' eyes. */
    public String currentMetadata(SharedTable shared) {
        if (shared.format() == TableFormat.UNIFORM) {
            Found found = find(shared);
            return ((HasTableOperations) found.table()).operations().current().metadataFileLocation()
                    + " (as the Iceberg REST catalog at " + restCatalogs.describe(shared.bucket()) + " has table "
                    + shared.prefix().replace(':', '.') + ")";
        }
        MetadataLocator.Current current = MetadataLocator.locate(storage.forBucket(shared.bucket()), shared.bucket(), shared.prefix());
        return current.key() + " (" + current.reason() + ")";
    }

    public long latestVersion(SharedTable shared) {
        Table table = find(shared).table();
        Snapshot head = table.currentSnapshot();
        return head == null ? 0 : head.sequenceNumber();
    }

    public TableSnapshot snapshot(SharedTable shared, long version) {
        // Keyed by the table's uuid too: a table dropped and created again under the same name or
        // location starts its sequence numbers over, and must not meet the old table's snapshots.
        // The uuid noted by this request's own lookup of the latest version is fresh enough.
        Identity noted = uuids.get(root(shared));
        Found lookedUp = null;
        if (noted == null || System.nanoTime() - noted.notedAt() > IDENTITY_FRESH_NANOS) {
            lookedUp = find(shared);
            noted = uuids.get(root(shared));
        }
        Found fresh = lookedUp;
        return snapshots.get(root(shared) + "#" + noted.uuid(), version, () -> {
            Found found = fresh != null ? fresh : find(shared);
            Table table = found.table();
            Snapshot snapshot = history(table).stream().filter(s -> s.sequenceNumber() == version).findFirst()
                    .orElse(null);
            if (snapshot == null && !(version == 0 && table.currentSnapshot() == null)) {
                throw new TableException(Kind.BAD_VERSION, "The table has no version " + version + "; its versions (snapshot"
                        + " sequence numbers) are " + versions(table), null);
            }
            return new IcebergSnapshot(table, snapshot, version, locations(found.bucket()), planner, smallFileBytes,
                    storage.forBucket(found.bucket()), positionDeletes);
        });
    }

    /** The latest version committed at or before {@code instant}. */
    public long versionAsOf(SharedTable shared, Instant instant) {
        Table table = find(shared).table();
        long at = instant.toEpochMilli();
        return history(table).stream().filter(s -> s.timestampMillis() <= at).mapToLong(Snapshot::sequenceNumber).max()
                .orElseThrow(() -> new TableException(Kind.BAD_VERSION, "The timestamp " + instant
                        + " is before the table's first snapshot", null));
    }

    /** The earliest version committed at or after {@code instant}. */
    public long firstVersionAtOrAfter(SharedTable shared, Instant instant) {
        Table table = find(shared).table();
        long at = instant.toEpochMilli();
        return history(table).stream().filter(s -> s.timestampMillis() >= at).mapToLong(Snapshot::sequenceNumber).min()
                .orElseThrow(() -> new TableException(Kind.BAD_VERSION, "The timestamp " + instant
                        + " is after the table's latest snapshot", null));
    }

    /**
     * The commits of versions {@code start}..{@code end}: each append snapshot's added files (as
     * inserts), with the table's metadata where its schema changed. Only appends have changes that
     * a Delta reader can replay; any other snapshot in the range is refused, by name, before a line
     * is sent.
     */
    public void commits(SharedTable shared, long start, long end, Predicate<TableCommit> visitor) {
        Table table = find(shared).table();
        List<Snapshot> range = appendsBetween(table, start, end);
        io.lakeshare.tables.TableMetadata previous = null;
        for (Snapshot s : range) {
            IcebergSnapshot at = (IcebergSnapshot) snapshot(shared, s.sequenceNumber());
            // A new schema, new partition columns, column mapping switched on: any change of what
            // recipients are told about the table travels with the commit that brought it.
            boolean metadataChanged = previous != null && !sameShape(previous, at.metadata());
            previous = at.metadata();
            List<TableChange> adds = new ArrayList<>();
            for (org.apache.iceberg.DataFile file : SnapshotChanges.builderFor(table).snapshot(s).executeWith(planner).build()
                    .addedDataFiles()) {
                adds.add(new TableChange(TableChange.Kind.ADD, s.sequenceNumber(), s.timestampMillis(), at.served(file), null, null, null));
            }
            TableCommit commit = new TableCommit(s.sequenceNumber(), s.timestampMillis(), adds, List.of(),
                    metadataChanged ? at.metadata() : null, null, "WRITE", Map.of());
            if (!visitor.test(commit)) {
                return;
            }
        }
    }

    /** Whether two snapshots describe the table alike: schema, partition columns and configuration. */
    private static boolean sameShape(io.lakeshare.tables.TableMetadata a, io.lakeshare.tables.TableMetadata b) {
        return a.schemaString().equals(b.schemaString()) && a.partitionColumns().equals(b.partitionColumns())
                && a.configuration().equals(b.configuration());
    }

    /** Refuses a range that holds anything but appends, from the snapshot list alone (no manifest read). */
    public void checkChanges(SharedTable shared, long start, long end) {
        appendsBetween(find(shared).table(), start, end);
    }

    private static List<Snapshot> appendsBetween(Table table, long start, long end) {
        List<Snapshot> range = history(table).stream().filter(s -> s.sequenceNumber() >= start && s.sequenceNumber() <= end).toList();
        for (Snapshot s : range) {
            if (!DataOperations.APPEND.equals(s.operation())) {
                throw new TableException(Kind.UNSUPPORTED, "Version " + s.sequenceNumber() + " (snapshot " + s.snapshotId()
                        + ") is an '" + s.operation() + "' snapshot; changes of Iceberg tables are served for append"
                        + " snapshots only: ask for a range of appends", null);
            }
        }
        return range;
    }

    /**
     * The first version at or after {@code version}: where a range that starts there begins. Versions
     * may skip numbers (and start at 1), so "from version N" starts at the first snapshot numbered N
     * or more; a number past the latest version is returned as it is, for the caller to refuse.
     */
    public long firstVersionFrom(SharedTable shared, long version) {
        return history(find(shared).table()).stream().mapToLong(Snapshot::sequenceNumber).filter(v -> v >= version).min()
                .orElse(version);
    }

    /** The same commits, one change at a time: a metadata change before the files of its commit. */
    public void changes(SharedTable shared, long start, long end, Predicate<TableChange> visitor) {
        commits(shared, start, end, commit -> {
            if (commit.metadata() != null && !visitor.test(new TableChange(TableChange.Kind.METADATA, commit.version(),
                    commit.timestamp(), null, null, commit.metadata(), null))) {
                return false;
            }
            for (TableChange add : commit.files()) {
                if (!visitor.test(add)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The current snapshot and its ancestors, oldest first: the versions recipients can ask for. */
    private static List<Snapshot> history(Table table) {
        List<Snapshot> chain = new ArrayList<>();
        for (Snapshot s = table.currentSnapshot(); s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            chain.add(s);
        }
        Collections.reverse(chain);
        return chain;
    }

    private static String versions(Table table) {
        List<Long> versions = history(table).stream().map(Snapshot::sequenceNumber).toList();
        return versions.size() <= 20 ? versions.toString()
                : versions.subList(0, 10) + " … " + versions.subList(versions.size() - 10, versions.size());
    }

    /** A table as found now, with the key its snapshots are cached under and the bucket of its files. */
    private record Found(Table table, String bucket) {}

    private static String root(SharedTable shared) {
        return shared.format() == TableFormat.UNIFORM ? "uniform://" + shared.bucket() + "/" + shared.prefix()
                : ObjectPath.tableRoot(shared.bucket(), shared.prefix());
    }

    /** The table as found now; notes its uuid, which keys its cached snapshots. */
    private Found find(SharedTable shared) {
        Found found;
        if (shared.format() != TableFormat.UNIFORM) {
            found = new Found(current(shared.bucket(), shared.prefix()), shared.bucket());
        } else {
            int colon = shared.prefix().lastIndexOf(':');
            Table table = restCatalogs.load(shared.bucket(), shared.prefix().substring(0, colon), shared.prefix().substring(colon + 1));
            requireSequenceNumbers(((HasTableOperations) table).operations().current());
            found = new Found(table, locations(null).resolve(table.location()).bucket());
        }
        uuids.put(root(shared), new Identity(((HasTableOperations) found.table()).operations().current().uuid(), System.nanoTime()));
        return found;
    }

    private static void requireSequenceNumbers(org.apache.iceberg.TableMetadata metadata) {
        if (metadata.formatVersion() < FIRST_FORMAT_WITH_SEQUENCE_NUMBERS) {
            throw new TableException(Kind.UNSUPPORTED, "This Iceberg table is in format version 1, whose snapshots"
                    + " carry no sequence numbers to version them by; upgrade it (format-version=2)", null);
        }
    }

    private Table current(String bucket, String prefix) {
        ObjectStore store = storage.forBucket(bucket);
        MetadataLocator.Current current = MetadataLocator.locate(store, bucket, prefix);
        String location = ObjectPath.format(bucket, current.key());
        Table table = tables.get(location);
        if (table == null) {
            StoreFileIO io = new StoreFileIO(storage, locations(bucket));
            try {
                org.apache.iceberg.TableMetadata metadata = TableMetadataParser.read(io, location);
                requireSequenceNumbers(metadata);
                table = new BaseTable(new StaticTableOperations(metadata, io), bucket + "/" + prefix,
                        report -> { }); // Iceberg would log a metrics report for every scan
            } catch (NotFoundException e) {
                throw new TableException(Kind.NOT_FOUND, "Cannot read the table's Iceberg metadata: " + e.getMessage(), e);
            }
            tables.put(location, table);
        }
        return table;
    }

    private IcebergLocations locations(String bucket) {
        return new IcebergLocations(bucket, storageConfig.local().root());
    }

    @PreDestroy
    void close() {
        planner.shutdownNow();
    }
}
