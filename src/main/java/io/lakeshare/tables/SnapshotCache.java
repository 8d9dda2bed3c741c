package io.lakeshare.tables;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used cache of snapshots by table root and version, loading each one once:
 * requests that arrive while a snapshot loads wait for that load instead of starting their own (a
 * hundred recipients opening a cold table at once cost one scan of its log, not a hundred). A load
 * that fails is forgotten, so the next request tries again.
 */
public final class SnapshotCache {

    private final Map<String, CompletableFuture<TableSnapshot>> entries;
    private final Consumer<Boolean> hits;

    /** {@code hits} hears of every lookup: true for a hit (or a wait on a load under way), false for a load. */
    public SnapshotCache(int capacity, Consumer<Boolean> hits) {
        this.hits = hits;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<TableSnapshot>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Forgets a snapshot found damaged, so that the next request reads the table again. */
    public void evict(String root, long version) {
        synchronized (entries) {
            entries.remove(key(root, version));
        }
    }

    public TableSnapshot get(String root, long version, Supplier<TableSnapshot> load) {
        String key = key(root, version);
        CompletableFuture<TableSnapshot> pending;
        CompletableFuture<TableSnapshot> mine = null;
        synchronized (entries) {
            pending = entries.get(key);
            if (pending == null) {
                mine = new CompletableFuture<>();
                entries.put(key, mine);
            }
        }
        if (mine == null) {
            hits.accept(true);
            return await(pending);
        }
        hits.accept(false);
        try {
            TableSnapshot loaded = load.get();
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error failure) {
            forget(key, mine);
            mine.completeExceptionally(failure);
            throw failure;
        }
    }

    private void forget(String key, CompletableFuture<TableSnapshot> failed) {
        synchronized (entries) {
            entries.remove(key, failed);
        }
    }

    /** A waiter meets the loader's own failure, unwrapped, as if it had loaded the table itself. */
    private static TableSnapshot await(CompletableFuture<TableSnapshot> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static String key(String root, long version) {
        return root + "@" + version;
    }
}
