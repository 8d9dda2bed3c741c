package io.lakeshare.tables;

import java.util.function.Consumer;

/** An immutable view of a table at one version. Safe to share between requests. */
public interface TableSnapshot {

    long version();

    /** Commit timestamp of this version, epoch milliseconds. */
    long timestamp();

    TableProtocol protocol();

    TableMetadata metadata();

    /** Totals over the files; the first call for a snapshot reads every file entry once. */
    SnapshotSummary summary();

    /** Calls {@code action} for each active data file, streaming from the log. */
    void forEachFile(Consumer<DataFile> action);
}
