package io.lakeshare.tables.iceberg;

import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.PositionDeleteReader;
import io.lakeshare.tables.SnapshotCache;
import io.lakeshare.tables.SnapshotCacheListener;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableInspection;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableSnapshot;
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
import java.util.function.Predicate;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
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
public class IcebergTableReader implements TableReader {

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

    private final PositionDeleteReader positionDeletes;
    private final RestCatalogs restCatalogs;
    /** The uuid of each table as last found, and when (tables are looked up at every request). */
    private final Map<String, Identity> uuids = new ConcurrentHashMap<>();

    private static final long IDENTITY_FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Identity(String uuid, long notedAt) {}

    @Inject
    public IcebergTableReader(
            Storage storage,
            StorageConfig storageConfig,
            TablesConfig config,
            SnapshotCacheListener cacheListener,
            PositionDeleteReader positionDeletes,
            RestCatalogs restCatalogs) {
        this.positionDeletes = positionDeletes;
        this.restCatalogs = restCatalogs;
        this.storage = storage;
        this.storageConfig = storageConfig;
        this.smallFileBytes = config.smallFileBytes();
        this.snapshots = new SnapshotCache(config.snapshotCacheSize(), cacheListener::lookedUp);
    }

    @Override
    public TableFormat format() {
        return TableFormat.ICEBERG;
    }

    /** The current metadata file and why it is the one, for owners' eyes. */
    String currentMetadata(TableLocation location) {
        if (location instanceof TableLocation.CatalogTable t) {
            return operations(find(location).table()).current().metadataFileLocation()
                    + " (as the Iceberg REST catalog at " + restCatalogs.describe(t.warehouse()) + " has table "
                    + t.namespace() + "." + t.table() + ")";
        }
        TableLocation.StoragePrefix table = (TableLocation.StoragePrefix) location;
        MetadataLocator.Current current = MetadataLocator.locate(storage.forBucket(table.bucket()), table);
        return current.key() + " (" + current.reason() + ")";
    }

    @Override
    public TableInspection inspect(TableLocation location) {
        if (location instanceof TableLocation.CatalogTable) {
            try {
                return inspected("iceberg-rest", "Iceberg metadata " + currentMetadata(location), location);
            } catch (TableException | StorageException e) {
                return TableInspection.missing("iceberg-rest", detailOf(e));
            }
        }
        TableLocation.StoragePrefix table = (TableLocation.StoragePrefix) location;
        ObjectStore store = storage.forBucket(table.bucket());
        String marker = table.prefix() + "metadata/";
        try {
            if (store.list(table.bucket(), marker, 1).isEmpty()) {
                return TableInspection.missing(
                        store.kind(), "No Iceberg metadata at " + table.bucket() + "/" + marker + " yet");
            }
        } catch (StorageException e) {
            return TableInspection.missing(store.kind(), e.getMessage());
        }
        String detail = "Iceberg metadata found at " + table.bucket() + "/" + marker;
        try {
            return inspected(store.kind(), "Iceberg metadata " + currentMetadata(location), location);
        } catch (TableException | StorageException e) {
            return TableInspection.unreadable(store.kind(), detail + ", but it cannot be read: " + detailOf(e));
        }
    }

    private TableInspection inspected(String store, String detail, TableLocation location) {
        TableSnapshot snapshot = snapshot(location, latestVersion(location));
        snapshot.requireServable();
        return TableInspection.of(store, detail, snapshot, smallFileBytes);
    }

    /** For the owner: the message, and the detail behind it that recipients are not told. */
    private static String detailOf(RuntimeException e) {
        return TableException.detail(e);
    }

    @Override
    public long latestVersion(TableLocation shared) {
        Table table = find(shared).table();
        Snapshot head = table.currentSnapshot();
        return head == null ? 0 : head.sequenceNumber();
    }

    @Override
    public TableSnapshot snapshot(TableLocation shared, long version) {
        // Keyed by the table's uuid too: a table dropped and created again under the same name or
        // location starts its sequence numbers over, and must not meet the old table's snapshots.
        // The uuid noted by this request's own lookup of the latest version is fresh enough.
        Identity noted = uuids.get(shared.key());
        Found lookedUp = null;
        if (noted == null || System.nanoTime() - noted.notedAt() > IDENTITY_FRESH_NANOS) {
            lookedUp = find(shared);
            noted = uuids.get(shared.key());
        }
        Found fresh = lookedUp;
        return snapshots.get(shared.key() + "#" + noted.uuid(), version, () -> {
            Found found = fresh != null ? fresh : find(shared);
            Table table = found.table();
            Snapshot snapshot = history(table).stream()
                    .filter(s -> s.sequenceNumber() == version)
                    .findFirst()
                    .orElse(null);
            if (snapshot == null && !(version == 0 && table.currentSnapshot() == null)) {
                throw new TableException(
                        Kind.BAD_VERSION,
                        "Table '" + shared.name() + "' has no version " + version
                                + "; its versions (snapshot sequence numbers) are " + versions(table),
                        null);
            }
            return new IcebergSnapshot(
                    shared.name(),
                    table,
                    snapshot,
                    version,
                    locations(found.bucket()),
                    planner,
                    smallFileBytes,
                    storage.forBucket(found.bucket()),
                    positionDeletes);
        });
    }

    @Override
    public long versionAsOf(TableLocation shared, Instant instant) {
        Table table = find(shared).table();
        long at = instant.toEpochMilli();
        return history(table).stream()
                .filter(s -> s.timestampMillis() <= at)
                .mapToLong(Snapshot::sequenceNumber)
                .max()
                .orElseThrow(() -> new TableException(
                        Kind.BAD_VERSION,
                        "The timestamp " + instant + " is before the first snapshot of table '" + shared.name() + "'",
                        null));
    }

    @Override
    public long firstVersionAtOrAfter(TableLocation shared, Instant instant) {
        Table table = find(shared).table();
        long at = instant.toEpochMilli();
        return history(table).stream()
                .filter(s -> s.timestampMillis() >= at)
                .mapToLong(Snapshot::sequenceNumber)
                .min()
                .orElseThrow(() -> new TableException(
                        Kind.BAD_VERSION,
                        "The timestamp " + instant + " is after the latest snapshot of table '" + shared.name() + "'",
                        null));
    }

    /**
     * The commits of versions {@code start}..{@code end}: each append snapshot's added files (as
     * inserts), with the table's metadata where its schema changed. Only appends have changes that
     * a Delta reader can replay; any other snapshot in the range is refused, by name, before a line
     * is sent.
     */
    @Override
    public void commits(TableLocation shared, long start, long end, Predicate<TableCommit> visitor) {
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
            for (org.apache.iceberg.DataFile file : SnapshotChanges.builderFor(table)
                    .snapshot(s)
                    .executeWith(planner)
                    .build()
                    .addedDataFiles()) {
                adds.add(new TableChange(
                        TableChange.Kind.ADD,
                        s.sequenceNumber(),
                        s.timestampMillis(),
                        at.served(file),
                        null,
                        null,
                        null));
            }
            TableCommit commit = new TableCommit(
                    s.sequenceNumber(), s.timestampMillis(), adds, metadataChanged ? at.metadata() : null, null);
            if (!visitor.test(commit)) {
                return;
            }
        }
    }

    /** Whether two snapshots describe the table alike: schema, partition columns and configuration. */
    private static boolean sameShape(io.lakeshare.tables.TableMetadata a, io.lakeshare.tables.TableMetadata b) {
        return a.schemaString().equals(b.schemaString())
                && a.partitionColumns().equals(b.partitionColumns())
                && a.configuration().equals(b.configuration());
    }

    /** Refuses a range that holds anything but appends, from the snapshot list alone (no manifest read). */
    @Override
    public void checkCommits(TableLocation shared, long start, long end) {
        appendsBetween(find(shared).table(), start, end);
    }

    /** Every append's added files are its changes: the change data feed is what the commits are. */
    @Override
    public void checkChangeFeed(TableLocation shared, long start, long end) {
        checkCommits(shared, start, end);
    }

    private static List<Snapshot> appendsBetween(Table table, long start, long end) {
        List<Snapshot> range = history(table).stream()
                .filter(s -> s.sequenceNumber() >= start && s.sequenceNumber() <= end)
                .toList();
        for (Snapshot s : range) {
            if (!DataOperations.APPEND.equals(s.operation())) {
                throw new TableException(
                        Kind.UNSUPPORTED,
                        "Version " + s.sequenceNumber() + " (snapshot " + s.snapshotId()
                                + ") is an '" + s.operation()
                                + "' snapshot; changes of Iceberg tables are served for append"
                                + " snapshots only: ask for a range of appends",
                        null);
            }
        }
        return range;
    }

    /**
     * The first version at or after {@code version}: where a range that starts there begins. Versions
     * may skip numbers (and start at 1), so "from version N" starts at the first snapshot numbered N
     * or more; a number past the latest version is returned as it is, for the caller to refuse.
     */
    @Override
    public long firstVersionFrom(TableLocation shared, long version) {
        return history(find(shared).table()).stream()
                .mapToLong(Snapshot::sequenceNumber)
                .filter(v -> v >= version)
                .min()
                .orElse(version);
    }

    /** The same commits, one change at a time: a metadata change before the files of its commit. */
    @Override
    public void changes(TableLocation shared, long start, long end, Predicate<TableChange> visitor) {
        commits(shared, start, end, commit -> {
            if (commit.metadata() != null
                    && !visitor.test(new TableChange(
                            TableChange.Kind.METADATA,
                            commit.version(),
                            commit.timestamp(),
                            null,
                            null,
                            commit.metadata(),
                            null))) {
                return false;
            }
            for (TableChange add : commit.feed()) {
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
        for (Snapshot s = table.currentSnapshot();
                s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            chain.add(s);
        }
        Collections.reverse(chain);
        return chain;
    }

    private static String versions(Table table) {
        List<Long> versions =
                history(table).stream().map(Snapshot::sequenceNumber).toList();
        return versions.size() <= 20
                ? versions.toString()
                : versions.subList(0, 10) + " … " + versions.subList(versions.size() - 10, versions.size());
    }

    /** The table as found now (its current metadata), for the Iceberg REST catalog's documents. */
    Table currentTable(TableLocation location) {
        return find(location).table();
    }

    /** A table as found now, with the bucket of its files. */
    private record Found(Table table, String bucket) {}

    /** The table as found now; notes its uuid, which keys its cached snapshots. */
    private Found find(TableLocation location) {
        Found found;
        if (location instanceof TableLocation.CatalogTable t) {
            Table table = restCatalogs.load(t);
            requireSequenceNumbers(operations(table).current(), t);
            found = new Found(table, locations(null).resolve(table.location()).bucket());
        } else {
            TableLocation.StoragePrefix t = (TableLocation.StoragePrefix) location;
            found = new Found(current(t), t.bucket());
        }
        uuids.put(
                location.key(), new Identity(operations(found.table()).current().uuid(), System.nanoTime()));
        return found;
    }

    private static org.apache.iceberg.TableOperations operations(Table table) {
        return ((HasTableOperations) table).operations();
    }

    private static void requireSequenceNumbers(org.apache.iceberg.TableMetadata metadata, TableLocation location) {
        if (metadata.formatVersion() < FIRST_FORMAT_WITH_SEQUENCE_NUMBERS) {
            throw new TableException(
                    Kind.UNSUPPORTED,
                    "Table '" + location.name() + "' is an Iceberg table in format"
                            + " version 1, whose snapshots carry no sequence numbers to version them by; upgrade it (format-version=2)",
                    null);
        }
    }

    private Table current(TableLocation.StoragePrefix location) {
        ObjectStore store = storage.forBucket(location.bucket());
        MetadataLocator.Current current = MetadataLocator.locate(store, location);
        String metadataFile = ObjectPath.format(location.bucket(), current.key());
        Table table = tables.get(metadataFile);
        if (table == null) {
            IcebergFileIO io = new IcebergFileIO(storage, locations(location.bucket()));
            try {
                org.apache.iceberg.TableMetadata metadata = TableMetadataParser.read(io, metadataFile);
                requireSequenceNumbers(metadata, location);
                table = new BaseTable(
                        new StaticTableOperations(metadata, io),
                        location.bucket() + "/" + location.prefix(),
                        report -> {}); // Iceberg would log a metrics report for every scan
            } catch (NotFoundException | java.io.UncheckedIOException | StorageException e) {
                throw TableException.readFailure(location, "its Iceberg metadata", e);
            }
            tables.put(metadataFile, table);
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
