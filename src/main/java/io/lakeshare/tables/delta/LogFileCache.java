package io.lakeshare.tables.delta;

import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.DiskLru;
import io.lakeshare.tables.ObjectPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Keeps copies of Delta log files from object storage on local disk. Commit files and checkpoints
 * never change once written, so a copy stays good; without it every query of an S3 table would read
 * the whole checkpoint again over the network (158 MiB for a million files). Bounded in bytes;
 * the least recently used copies go first. {@code _last_checkpoint}, which does change, is never cached.
 *
 * <p>Kernel reads a log's commit files one after another, each a round trip to the store, and then
 * its checkpoint. So when the first commit file of a listing is read, the listing's other commit
 * files and the checkpoint it starts from are fetched at the same time, {@link #FETCHERS} at once: a
 * snapshot load after a checkpoint and fifty commits costs a few round trips instead of fifty, and
 * the checkpoint comes in while the commits are read. A listing alone (the latest version's lookup)
 * fetches nothing.
 */
final class LogFileCache {

    private static final Logger LOG = Logger.getLogger(LogFileCache.class);
    private static final Pattern IMMUTABLE = Pattern.compile(
            ".*_delta_log/(\\d{20}\\.json|\\d{20}\\.checkpoint[^/]*\\.parquet|_sidecars/[^/]+\\.parquet)");
    private static final Pattern COMMIT = Pattern.compile(".*_delta_log/\\d{20}\\.json");
    private static final Pattern CHECKPOINT = Pattern.compile(".*_delta_log/\\d{20}\\.checkpoint[^/]*\\.parquet");
    /** Fetches at once, per server: enough to hide a distant store's round trips, few enough to be polite. */
    static final int FETCHERS = 8;
    /** Logs whose latest listing is remembered until one of its commit files is read. */
    private static final int LISTINGS = 256;

    private final Storage storage;
    private final DiskLru disk;
    private final Map<String, CompletableFuture<Optional<Path>>> fetching = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Listing> eldest) {
                    return size() > LISTINGS;
                }
            });
    private final ExecutorService fetchers = Executors.newFixedThreadPool(FETCHERS, r -> {
        Thread t = new Thread(r, "lakeshare-log-fetch");
        t.setDaemon(true);
        return t;
    });

    LogFileCache(Storage storage, Path dir, long maxBytes) {
        this.storage = storage;
        this.disk = new DiskLru(dir, maxBytes);
    }

    /**
     * Notes the commit files a listing of the log directory {@code dir} (a key ending in
     * {@code _delta_log/}) found in {@code bucket}, so that reading one of them fetches the others too.
     */
    void listed(String bucket, String dir, List<StoredObject> objects) {
        if (!keepsCopiesOf(bucket) || objects.isEmpty()) {
            return;
        }
        List<StoredObject> commits = objects.stream()
                .filter(o -> COMMIT.matcher(o.key()).matches() && cacheable(o.size()))
                .toList();
        // Kernel lists from the checkpoint it starts at: that one's parts are read after the commits.
        String start = versionOf(objects.get(0).key());
        List<StoredObject> checkpoint = objects.stream()
                .filter(o -> CHECKPOINT.matcher(o.key()).matches()
                        && versionOf(o.key()).equals(start)
                        && cacheable(o.size()))
                .toList();
        if (commits.size() > 1 || (!commits.isEmpty() && !checkpoint.isEmpty())) {
            listings.put(bucket + "/" + dir, new Listing(commits, checkpoint));
        }
    }

    /** What a listing of a log found to fetch ahead: its commit files, and its first checkpoint's parts. */
    private record Listing(List<StoredObject> commits, List<StoredObject> checkpoint) {}

    private static String versionOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.length() >= 20 ? name.substring(0, 20) : name;
    }

    /** Whether log files of {@code bucket} are copied here at all: those of object stores, when the cache is on. */
    boolean keepsCopiesOf(String bucket) {
        return disk.enabled() && "s3".equals(storage.forBucket(bucket).kind());
    }

    /** A local copy of the file, fetched now if need be; empty for files that are not cached. */
    Optional<Path> local(ObjectPath path, long size) {
        if (!cacheable(size) || !IMMUTABLE.matcher(path.key()).matches() || !keepsCopiesOf(path.bucket())) {
            return Optional.empty();
        }
        Optional<Path> kept = kept(path, size);
        if (kept.isPresent()) {
            return kept;
        }
        fetchListedBeside(path);
        return fetchOnce(path, size);
    }

    /** The listing {@code path} is a commit file of, if one is remembered: its other files, newest first. */
    private void fetchListedBeside(ObjectPath path) {
        if (!COMMIT.matcher(path.key()).matches()) {
            return;
        }
        String dir = path.key().substring(0, path.key().lastIndexOf('/') + 1);
        Listing listing = listings.remove(path.bucket() + "/" + dir);
        if (listing == null || listing.commits().stream().noneMatch(o -> o.key().equals(path.key()))) {
            return;
        }
        // The checkpoint first, the largest; then the commits newest first, the order in which Kernel
        // looks for the protocol and metadata.
        listing.checkpoint().forEach(o -> fetchAhead(path.bucket(), o));
        for (int i = listing.commits().size() - 1; i >= 0; i--) {
            StoredObject o = listing.commits().get(i);
            if (!o.key().equals(path.key())) {
                fetchAhead(path.bucket(), o);
            }
        }
    }

    private void fetchAhead(String bucket, StoredObject o) {
        ObjectPath path = new ObjectPath(bucket, o.key());
        fetchers.execute(() -> {
            try {
                fetchOnce(path, o.size());
            } catch (RuntimeException e) {
                // Kernel reads the file itself when it comes to it, and meets the failure then.
                LOG.debugf("Log file cache: cannot fetch %s ahead: %s", path, e.getMessage());
            }
        });
    }

    /** The copy, fetched by this thread unless another is fetching it already, then waited for. */
    private Optional<Path> fetchOnce(ObjectPath path, long size) {
        String name = name(path, size);
        CompletableFuture<Optional<Path>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Path>> theirs = fetching.putIfAbsent(name, mine);
        if (theirs != null) {
            return theirs.join();
        }
        Optional<Path> copy = Optional.empty();
        try {
            copy = kept(path, size);
            if (copy.isEmpty()) {
                copy = fetch(path, size, disk.dir().resolve(name));
            }
            return copy;
        } finally {
            fetching.remove(name, mine);
            mine.complete(copy);
        }
    }

    private Optional<Path> kept(ObjectPath path, long size) {
        Path copy = disk.dir().resolve(name(path, size));
        try {
            if (Files.isRegularFile(copy) && Files.size(copy) == size) {
                disk.touch(copy);
                return Optional.of(copy);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("Log file cache: cannot read %s: %s", copy, e.getMessage());
        }
        return Optional.empty();
    }

    private boolean cacheable(long size) {
        return size > 0 && size <= disk.maxBytes() / 4;
    }

    private Optional<Path> fetch(ObjectPath path, long size, Path copy) {
        try {
            Path partial = disk.temporary(".partial");
            try (InputStream in = storage.forBucket(path.bucket()).read(path.bucket(), path.key(), 0, -1)) {
                // Into the temporary file as created (its owner's only), not a replacement made as the umask says.
                try (OutputStream out = Files.newOutputStream(partial)) {
                    in.transferTo(out);
                }
            } catch (IOException | StorageException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            if (Files.size(partial) != size) {
                Files.deleteIfExists(partial);
                return Optional.empty();
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            disk.evict();
            return Optional.of(copy);
        } catch (IOException | StorageException | UncheckedIOException e) {
            // The cache only saves work: without it the file is read from storage as usual.
            LOG.warnf("Log file cache: cannot keep a copy of %s: %s", path, e.getMessage());
            return Optional.empty();
        }
    }

    private static String name(ObjectPath path, long size) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((path.bucket() + "/" + path.key() + "@" + size).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".log";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
