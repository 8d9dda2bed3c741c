package io.lakeshare.tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A directory of immutable local copies kept within a byte budget, least recently used first out:
 * the spool of snapshot file lists and the cache of Delta log files both keep theirs so. An entry
 * is every file sharing a name up to its first '.' ({@code abc.files} and {@code abc.index} are one
 * entry); its last use is its files' newest modification time, which {@link #touch} moves forward.
 * Files being written carry a temporary name ({@link #TEMPORARY}) and are never counted or evicted.
 */
public final class DiskLru {

    private static final Logger LOG = Logger.getLogger(DiskLru.class);
    /** Names of files not yet complete: written under it, then moved into place. */
    public static final String TEMPORARY = "tmp-";

    private final Path dir;
    private final long maxBytes;

    public DiskLru(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Whether anything may be kept at all (a budget of 0 turns the directory off). */
    public boolean enabled() {
        return maxBytes > 0;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Notes a use of {@code file}, so that it goes out after entries used less recently. */
    public void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    }

    /** A new temporary file to write an entry's file into before moving it into place. */
    public Path temporary(String suffix) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, TEMPORARY, suffix);
    }

    /** Removes least recently used entries until the directory fits its budget. */
    public void evict() throws IOException {
        Map<String, Entry> entries = entries();
        long total = entries.values().stream().mapToLong(e -> e.bytes).sum();
        if (total <= maxBytes) {
            return;
        }
        List<Entry> oldestFirst = new ArrayList<>(entries.values());
        oldestFirst.sort(Comparator.comparing((Entry e) -> e.lastUsed));
        for (Entry entry : oldestFirst) {
            if (total <= maxBytes) {
                break;
            }
            for (Path file : entry.files) {
                Files.deleteIfExists(file);
            }
            total -= entry.bytes;
            LOG.debugf("%s: evicted %s", dir, entry.name);
        }
    }

    private Map<String, Entry> entries() throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMPORARY) || !Files.isRegularFile(file)) {
                    continue;
                }
                int dot = name.indexOf('.');
                Entry entry = entries.computeIfAbsent(dot < 0 ? name : name.substring(0, dot), Entry::new);
                entry.add(file);
            }
        }
        return entries;
    }

    private static final class Entry {
        final String name;
        final List<Path> files = new ArrayList<>();
        long bytes;
        FileTime lastUsed = FileTime.fromMillis(0);

        Entry(String name) {
            this.name = name;
        }

        void add(Path file) {
            files.add(file);
            try {
                bytes += Files.size(file);
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.compareTo(lastUsed) > 0) {
                    lastUsed = modified;
                }
            } catch (IOException gone) {
                // Removed meanwhile (another request evicting): nothing to count.
            }
        }
    }
}
