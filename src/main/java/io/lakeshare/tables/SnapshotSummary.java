package io.lakeshare.tables;

/** Totals over a snapshot's files, computed once per snapshot and cached with it. */
public record SnapshotSummary(
        long numFiles, long sizeInBytes, long filesWithDeletionVectors, long filesWithoutStats, long smallFiles) {

    /** The totals of every file of {@code snapshot}, read once; files under {@code smallFileBytes} count as small. */
    public static SnapshotSummary of(TableSnapshot snapshot, long smallFileBytes) {
        Totals totals = new Totals();
        snapshot.forEachFile(f -> {
            totals.files++;
            totals.bytes += f.size();
            totals.withVectors += f.deletionVector() == null ? 0 : 1;
            totals.withoutStats += f.stats() == null ? 1 : 0;
            totals.small += f.size() < smallFileBytes ? 1 : 0;
            return true;
        });
        return new SnapshotSummary(totals.files, totals.bytes, totals.withVectors, totals.withoutStats, totals.small);
    }

    private static final class Totals {
        long files;
        long bytes;
        long withVectors;
        long withoutStats;
        long small;
    }
}
