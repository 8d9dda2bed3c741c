package io.lakeshare.tables;

import java.util.function.Predicate;

/** An immutable view of a table at one version. Safe to share between requests. */
public interface TableSnapshot {

    long version();

    /** Commit timestamp of this version, epoch milliseconds. */
    long timestamp();

    TableProtocol protocol();

    TableMetadata metadata();

    /**
     * The owner's totals over the files, statistics coverage included; the first call for a snapshot
     * reads every file entry once, statistics too.
     */
    SnapshotSummary summary();

    /**
     * The totals recipients see. The first call for a snapshot reads every file entry once, unless
     * {@link #summary()} already has; a reader that can count them without decoding statistics does.
     */
    default FileTotals totals() {
        return summary().totals();
    }

    /**
     * Calls {@code visitor} for each active data file, in the same order every time, streaming from
     * the log; stops early when the visitor returns false.
     */
    void forEachFile(Predicate<DataFile> visitor);

    /**
     * Refuses, before anything is sent, a snapshot whose files cannot be served to recipients as they
     * are (Iceberg equality deletes, non-Parquet files). Changes over later commits may still be.
     */
    default void requireServable() {}

    /**
     * Whether listing the files again costs more than reading them back from local disk (the spool):
     * true where every scan plans from scratch, as reading Iceberg manifests does.
     */
    default boolean rescanIsCostly() {
        return false;
    }
}
