package io.lakeshare.tables;

/**
 * The owner's totals over a snapshot's files (how many lack statistics, how many are small, besides
 * what recipients see), computed once per snapshot and cached with it.
 */
public record SnapshotSummary(
        long numFiles, long sizeInBytes, long filesWithDeletionVectors, long filesWithoutStats, long smallFiles) {

    /** The part of these totals that recipients see. */
    public FileTotals totals() {
        return new FileTotals(numFiles, sizeInBytes, filesWithDeletionVectors);
    }

    /** The totals of every file of {@code snapshot}, read once; files under {@code smallFileBytes} count as small. */
    public static SnapshotSummary of(TableSnapshot snapshot, long smallFileBytes) {
        Counter counter = new Counter(smallFileBytes);
        snapshot.forEachFile(f -> {
            counter.count(f.size(), f.deletionVector() != null, f.stats() != null);
            return true;
        });
        return counter.summary();
    }

    /**
     * Adds files up one at a time, for readers that can tell a file's size and whether it has a
     * deletion vector and statistics more cheaply than by building its {@link DataFile}.
     */
    public static final class Counter {
        private final long smallFileBytes;
        private long files;
        private long bytes;
        private long withVectors;
        private long withoutStats;
        private long small;

        public Counter(long smallFileBytes) {
            this.smallFileBytes = smallFileBytes;
        }

        public void count(long size, boolean deletionVector, boolean stats) {
            files++;
            bytes += size;
            withVectors += deletionVector ? 1 : 0;
            withoutStats += stats ? 0 : 1;
            small += size < smallFileBytes ? 1 : 0;
        }

        public FileTotals totals() {
            return new FileTotals(files, bytes, withVectors);
        }

        public SnapshotSummary summary() {
            return new SnapshotSummary(files, bytes, withVectors, withoutStats, small);
        }
    }
}
