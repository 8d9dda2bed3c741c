package io.lakeshare.tables;

import java.util.ArrayList;
import java.util.List;

/**
 * The owner's "is this table fit to share?" report: is there a table at the location, at which
 * version, how many files and bytes, and would compacting it help recipients plan their reads.
 * Counts are absent when no table could be read.
 */
public record TableInspection(
        String store,
        boolean found,
        String detail,
        Long version,
        Long files,
        Long sizeBytes,
        Long filesWithoutStats,
        Long smallFiles,
        List<String> hints) {

    /** Nothing readable found. */
    public static TableInspection missing(String store, String detail) {
        return new TableInspection(store, false, detail, null, null, null, null, null, List.of());
    }

    /** A location that holds the table's metadata, which cannot be read. */
    public static TableInspection unreadable(String store, String detail) {
        return new TableInspection(store, true, detail, null, null, null, null, null, List.of());
    }

    /** A table read at {@code snapshot}'s version, with hints drawn from its totals. */
    public static TableInspection of(String store, String detail, TableSnapshot snapshot, long smallFileBytes) {
        SnapshotSummary s = snapshot.summary();
        return new TableInspection(
                store,
                true,
                detail,
                snapshot.version(),
                s.numFiles(),
                s.sizeInBytes(),
                s.filesWithoutStats(),
                s.smallFiles(),
                hints(s, smallFileBytes));
    }

    static List<String> hints(SnapshotSummary s, long smallFileBytes) {
        List<String> hints = new ArrayList<>();
        if (s.numFiles() >= 10 && s.smallFiles() * 2 >= s.numFiles()) {
            hints.add(s.smallFiles() + " of " + s.numFiles() + " files are under " + (smallFileBytes >> 20)
                    + " MiB: compact the table (OPTIMIZE) so recipients plan and fetch fewer files");
        }
        if (s.filesWithoutStats() > 0) {
            hints.add(s.filesWithoutStats() + " file(s) have no statistics: recipients' filters and limits cannot skip"
                    + " them; rewriting them (OPTIMIZE) with statistics enabled helps");
        }
        return hints;
    }
}
