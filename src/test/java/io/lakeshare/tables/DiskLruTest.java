package io.lakeshare.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local copies are kept within their budget: the least recently used entries go first, whole. */
class DiskLruTest {

    @TempDir
    Path dir;

    private Path file(String name, int bytes, long usedAtMillis) throws IOException {
        Path file = Files.write(dir.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(usedAtMillis));
        return file;
    }

    @Test
    void theLeastRecentlyUsedEntriesGoUntilTheRestFits() throws IOException {
        file("old.log", 400, 1_000);
        file("mid.log", 400, 2_000);
        file("new.log", 400, 3_000);
        new DiskLru(dir, 900).evict();
        assertFalse(Files.exists(dir.resolve("old.log")));
        assertTrue(Files.exists(dir.resolve("mid.log")) && Files.exists(dir.resolve("new.log")));
    }

    @Test
    void filesOfOneNameAreOneEntryUsedWhenItsNewestFileWas() throws IOException {
        // A spool is a .files and an .index: both go together, and reading touches the index only.
        file("a.files", 300, 1_000);
        file("a.index", 100, 5_000);
        file("b.files", 300, 2_000);
        file("b.index", 100, 2_000);
        new DiskLru(dir, 500).evict();
        assertTrue(Files.exists(dir.resolve("a.files")) && Files.exists(dir.resolve("a.index")), "a was used last");
        assertFalse(Files.exists(dir.resolve("b.files")) || Files.exists(dir.resolve("b.index")), "b went whole");
    }

    @Test
    void aTouchKeepsAnEntryAndFilesBeingWrittenAreLeftAlone() throws IOException {
        Path first = file("first.log", 400, 1_000);
        file("second.log", 400, 2_000);
        DiskLru lru = new DiskLru(dir, 500);
        lru.touch(first);
        Path writing = lru.temporary(".partial");
        Files.write(writing, new byte[4_000]);
        lru.evict();
        assertTrue(Files.exists(first), "touched: used most recently");
        assertFalse(Files.exists(dir.resolve("second.log")));
        assertTrue(Files.exists(writing), "a file still being written is neither counted nor evicted");
        assertEquals(2, Files.list(dir).count());
    }

    @Test
    void withinTheBudgetNothingGoes() throws IOException {
        file("one.log", 100, 1_000);
        new DiskLru(dir, 100).evict();
        assertTrue(Files.exists(dir.resolve("one.log")));
        new DiskLru(dir.resolve("not-yet-made"), 10).evict();
    }
}
