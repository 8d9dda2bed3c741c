package io.lakeshare.tables.delta;

import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.DamagedTables;
import io.lakeshare.tables.SnapshotCache;
import io.lakeshare.tables.SnapshotCacheListener;
import io.lakeshare.tables.SnapshotWatcher;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableCommit;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableInspection;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Delta tables with Delta Kernel on the storage port. Snapshots are immutable, so they are
 * cached by table root and version; the newest version is found by listing the log from the last
 * version seen, which costs one small list call when nothing changed.
 */
@ApplicationScoped
public class DeltaTableReader implements TableReader {

    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
    private static final String UNIFORM_FORMATS = "delta.universalFormat.enabledFormats";

    private final Storage storage;
    private final Engine engine;
    private final SnapshotCache cache;
    private final long smallFileBytes;
    private final DamagedTables damaged;
    private final Map<String, Long> latestSeen = new ConcurrentHashMap<>();

    @Inject
    public DeltaTableReader(
            Storage storage, TablesConfig config, SnapshotCacheListener cacheListener, DamagedTables damaged) {
        this.damaged = damaged;
        this.storage = storage;
        this.engine =
                new StorageEngine(storage, new LogFileCache(storage, config.logCacheDir(), config.logCacheBytes()));
        this.cache = new SnapshotCache(config.snapshotCacheSize(), cacheListener::lookedUp);
        this.smallFileBytes = config.smallFileBytes();
    }

    @Override
    public TableFormat format() {
        return TableFormat.DELTA;
    }

    @Override
    public long latestVersion(TableLocation location) {
        TableLocation.StoragePrefix table = stored(location);
        String log = logDir(table.prefix());
        long from = latestSeen.getOrDefault(table.root(), 0L);
        long latest = -1;
        try {
            Iterator<StoredObject> entries =
                    storage.forBucket(table.bucket()).listFrom(table.bucket(), log + commitFile(from));
            while (entries.hasNext()) {
                Matcher m = COMMIT.matcher(entries.next().key().substring(log.length()));
                if (m.matches()) {
                    latest = Math.max(latest, Long.parseLong(m.group(1)));
                }
            }
        } catch (StorageException e) {
            throw TableException.readFailure(table, "its log", e);
        }
        if (latest < 0) {
            if (from > 0) {
                // The log was cleaned up or the table replaced: look again from the start.
                latestSeen.remove(table.root());
                return latestVersion(table);
            }
            // Log files may all be gone but a checkpoint remain; let the Kernel decide.
            latest = kernel(
                    table, () -> kernelTable(table).getLatestSnapshot(engine).getVersion());
        }
        latestSeen.merge(table.root(), latest, Math::max);
        return latest;
    }

    /** The table as of {@code version}, from the cache when another request has read it. */
    @Override
    public TableSnapshot snapshot(TableLocation location, long version) {
        TableLocation.StoragePrefix table = stored(location);
        return cache.get(table.root(), version, () -> {
            try {
                return new DeltaSnapshot(
                        engine,
                        table,
                        kernel(table, () -> kernelTable(table).getSnapshotAsOfVersion(engine, version)),
                        smallFileBytes,
                        watcher(table, version));
            } catch (TableException e) {
                if (e.kind() != Kind.BAD_VERSION) {
                    damaged.found(table, version, e);
                }
                throw e;
            }
        });
    }

    /** A snapshot found damaged is forgotten, so that the next request reads the table again, and noted for the owner. */
    private SnapshotWatcher watcher(TableLocation.StoragePrefix table, long version) {
        return new SnapshotWatcher() {
            @Override
            public void failed(TableException failure) {
                cache.evict(table.root(), version);
                damaged.found(table, version, failure);
            }

            @Override
            public void readWhole() {
                damaged.readWhole(table, version);
            }
        };
    }

    @Override
    public long versionAsOf(TableLocation location, Instant instant) {
        TableLocation.StoragePrefix table = stored(location);
        return kernel(
                table, () -> KernelInternals.versionAtOrBefore(kernelTable(table), engine, instant.toEpochMilli()));
    }

    @Override
    public long firstVersionAtOrAfter(TableLocation location, Instant instant) {
        TableLocation.StoragePrefix table = stored(location);
        return kernel(
                table, () -> KernelInternals.versionAtOrAfter(kernelTable(table), engine, instant.toEpochMilli()));
    }

    /** Every Delta commit can be followed file by file. */
    @Override
    public void checkCommits(TableLocation table, long start, long end) {}

    @Override
    public void checkChangeFeed(TableLocation location, long start, long end) {
        TableLocation.StoragePrefix table = stored(location);
        changes(table).requireChangeData(snapshot(table, start).metadata(), start, end);
    }

    @Override
    public void changes(TableLocation location, long start, long end, Predicate<TableChange> visitor) {
        changes(stored(location)).read(start, end, visitor);
    }

    @Override
    public void commits(TableLocation location, long start, long end, Predicate<TableCommit> visitor) {
        changes(stored(location)).readCommits(start, end, visitor);
    }

    @Override
    public TableInspection inspect(TableLocation location) {
        TableLocation.StoragePrefix table = stored(location);
        ObjectStore store = storage.forBucket(table.bucket());
        String log = logDir(table.prefix());
        try {
            if (store.list(table.bucket(), log, 1).isEmpty()) {
                return TableInspection.missing(store.kind(), "No Delta log at " + table.bucket() + "/" + log + " yet");
            }
        } catch (StorageException e) {
            return TableInspection.missing(store.kind(), e.getMessage());
        }
        String detail = "Delta log found at " + table.bucket() + "/" + log;
        try {
            TableSnapshot snapshot = snapshot(table, latestVersion(table));
            snapshot.requireServable();
            if (isUniform(snapshot)) {
                detail += "; UniForm: the table keeps Iceberg metadata beside its Delta log (" + UNIFORM_FORMATS + "="
                        + snapshot.metadata().configuration().get(UNIFORM_FORMATS)
                        + "); recipients read it from the Delta log";
            }
            return TableInspection.of(store.kind(), detail, snapshot, smallFileBytes);
        } catch (TableException | StorageException e) {
            return TableInspection.unreadable(
                    store.kind(), detail + ", but it cannot be read: " + TableException.detail(e));
        }
    }

    /** A Delta table whose writer also keeps Iceberg metadata for it (Delta UniForm). */
    static boolean isUniform(TableSnapshot snapshot) {
        String formats = snapshot.metadata().configuration().getOrDefault(UNIFORM_FORMATS, "");
        return Arrays.stream(formats.split(",")).anyMatch(f -> f.strip().equalsIgnoreCase("iceberg"));
    }

    /** The Kernel engine on the storage port, for other Parquet reading (Iceberg delete files). */
    Engine engine() {
        return engine;
    }

    private DeltaChanges changes(TableLocation.StoragePrefix table) {
        return new DeltaChanges(engine, kernelTable(table), table);
    }

    private Table kernelTable(TableLocation.StoragePrefix table) {
        return Table.forPath(engine, table.root());
    }

    private static TableLocation.StoragePrefix stored(TableLocation location) {
        if (location instanceof TableLocation.StoragePrefix prefix && prefix.format() == TableFormat.DELTA) {
            return prefix;
        }
        throw new IllegalArgumentException("Not a Delta table location: " + location.key());
    }

    private static String logDir(String prefix) {
        return prefix + "_delta_log/";
    }

    private static String commitFile(long version) {
        return String.format("%020d.json", version);
    }

    /**
     * Runs a Kernel call, turning its failures into ones the protocol can report. Kernel's messages
     * name versions and timestamps ("... is after the latest version"), and start with the table's
     * path, which recipients are told as the table's name instead.
     */
    static <T> T kernel(TableLocation.StoragePrefix table, Supplier<T> call) {
        try {
            return call.get();
        } catch (TableNotFoundException e) {
            throw new TableException(
                    Kind.NOT_FOUND, "There is no Delta table at the location of table '" + table.name() + "'", e);
        } catch (KernelException e) {
            throw new TableException(Kind.BAD_VERSION, withoutLocation(e.getMessage(), table), e);
        } catch (TableException e) {
            throw e;
        } catch (RuntimeException e) {
            // A log or checkpoint file that is gone, unreachable, or not what its writer wrote.
            throw TableException.readFailure(table, "its log or a checkpoint", e);
        }
    }

    static String withoutLocation(String message, TableLocation.StoragePrefix table) {
        if (message == null) {
            return "Table '" + table.name() + "' cannot be read as asked";
        }
        String named = "table '" + table.name() + "'";
        String text = message.startsWith(table.root() + ": ")
                ? message.substring(table.root().length() + 2)
                : message;
        text = text.replace(table.root() + "/", named + "/")
                .replace(table.root(), named)
                .replace(table.bucket() + "/" + table.prefix(), named + "/");
        return text.contains(named) ? text : "Table '" + table.name() + "': " + text;
    }
}
