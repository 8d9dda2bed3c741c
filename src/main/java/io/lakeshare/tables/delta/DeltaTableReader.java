package io.lakeshare.tables.delta;

import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TableImpl;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.SnapshotCache;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Delta tables with Delta Kernel on the storage port. Snapshots are immutable, so they are
 * cached by table root and version; the newest version is found by listing the log from the last
 * version seen, which costs one small list call when nothing changed.
 */
@ApplicationScoped
public class DeltaTableReader {

    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");

    private final Storage storage;
    private final Engine engine;
    private final SnapshotCache cache;
    private final long smallFileBytes;
    private final Map<String, Long> latestSeen = new ConcurrentHashMap<>();

    @Inject
    public DeltaTableReader(Storage storage, TablesConfig config, io.lakeshare.ops.LakeshareMetrics metrics) {
        this.storage = storage;
        this.engine = new StorageEngine(storage, new LogFileCache(storage, config.logCacheDir(), config.logCacheBytes()));
        this.cache = new SnapshotCache(config.snapshotCacheSize(), metrics::snapshotCache);
        this.smallFileBytes = config.smallFileBytes();
    }

    /** The newest committed version of the table at {@code bucket}/{@code prefix}. */
    public long latestVersion(String bucket, String prefix) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        String log = logDir(prefix);
        long from = latestSeen.getOrDefault(root, 0L);
        long latest = -1;
        try {
            Iterator<StoredObject> entries = storage.forBucket(bucket).listFrom(bucket, log + commitFile(from));
            while (entries.hasNext()) {
                Matcher m = COMMIT.matcher(entries.next().key().substring(log.length()));
                if (m.matches()) {
                    latest = Math.max(latest, Long.parseLong(m.group(1)));
                }
            }
        } catch (StorageException e) {
            throw new TableException(Kind.NOT_FOUND, "Cannot read the table's log: " + e.getMessage(), e);
        }
        if (latest < 0) {
            if (from > 0) {
                // The log was cleaned up or the table replaced: look again from the start.
                latestSeen.remove(root);
                return latestVersion(bucket, prefix);
            }
            // Log files may all be gone but a checkpoint remain; let the Kernel decide.
            latest = kernel(() -> table(root).getLatestSnapshot(engine).getVersion());
        }
        latestSeen.merge(root, latest, Math::max);
        return latest;
    }

    /** The table as of {@code version}, from the cache when another request has read it. */
    public TableSnapshot snapshot(String bucket, String prefix, long version) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        return cache.get(root, version, () -> new DeltaSnapshot(engine, root, bucket, prefix,
                kernel(() -> (SnapshotImpl) table(root).getSnapshotAsOfVersion(engine, version)), smallFileBytes));
    }

    /** The latest version committed at or before {@code instant} (time travel by timestamp). */
    public long versionAsOf(String bucket, String prefix, Instant instant) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        return kernel(() -> ((TableImpl) table(root)).getVersionBeforeOrAtTimestamp(engine, instant.toEpochMilli()));
    }

    /** The earliest version committed at or after {@code instant}. */
    public long firstVersionAtOrAfter(String bucket, String prefix, Instant instant) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        return kernel(() -> ((TableImpl) table(root)).getVersionAtOrAfterTimestamp(engine, instant.toEpochMilli()));
    }

    /** The data-changing actions of commits {@code start}..{@code end} (both included), in order. */
    public void changes(String bucket, String prefix, long start, long end, java.util.function.Predicate<io.lakeshare.tables.TableChange> visitor) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        DeltaChanges.read(engine, (TableImpl) table(root), root, bucket, prefix, start, end, visitor);
    }

    /** Commits {@code start}..{@code end} (both included), in order, each with its actions gathered. */
    public void commits(String bucket, String prefix, long start, long end, java.util.function.Predicate<io.lakeshare.tables.TableCommit> visitor) {
        String root = ObjectPath.tableRoot(bucket, prefix);
        DeltaChanges.readCommits(engine, (TableImpl) table(root), root, bucket, prefix, start, end, visitor);
    }

    /** The Kernel engine on the storage port, for other Parquet reading (Iceberg delete files). */
    Engine engine() {
        return engine;
    }

    private Table table(String root) {
        return Table.forPath(engine, root);
    }

    private static String logDir(String prefix) {
        return prefix + "_delta_log/";
    }

    private static String commitFile(long version) {
        return String.format("%020d.json", version);
    }

    /** Runs a Kernel call, turning its failures into ones the protocol can report. */
    static <T> T kernel(Supplier<T> call) {
        try {
            return call.get();
        } catch (TableNotFoundException e) {
            throw new TableException(Kind.NOT_FOUND, "There is no Delta table at the shared location", e);
        } catch (KernelException e) {
            // Kernel's messages name versions and timestamps ("... is after the latest version").
            throw new TableException(Kind.BAD_VERSION, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new TableException(Kind.NOT_FOUND, "Cannot read the table: " + e.getMessage(), e);
        }
    }
}
