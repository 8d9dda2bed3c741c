package io.lakeshare.tables;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A bounded least-recently-used cache of snapshots by table root and version. */
public final class SnapshotCache {

    private final Map<String, TableSnapshot> entries;
    private final java.util.function.Consumer<Boolean> hits;

    /** {@code hits} hears of every lookup: true for a hit, false for a load. */
    public SnapshotCache(int capacity, java.util.function.Consumer<Boolean> hits) {
        this.hits = hits;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TableSnapshot> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Forgets a snapshot found damaged, so that the next request reads the table again. */
    public void evict(String root, long version) {
        synchronized (entries) {
            entries.remove(root + "@" + version);
        }
    }

    public TableSnapshot get(String root, long version, Supplier<TableSnapshot> load) {
        String key = root + "@" + version;
        synchronized (entries) {
            TableSnapshot cached = entries.get(key);
            if (cached != null) {
                hits.accept(true);
                return cached;
            }
        }
        hits.accept(false);
        // Loaded outside the lock: two first requests may both load; the snapshot is the same.
        TableSnapshot loaded = load.get();
        synchronized (entries) {
            return entries.computeIfAbsent(key, k -> loaded);
        }
    }
}
