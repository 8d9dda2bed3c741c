package io.lakeshare.tables;

/** Totals over a snapshot's files, computed once per snapshot and cached with it. */
public record SnapshotSummary(long numFiles, long sizeInBytes, long filesWithDeletionVectors, long filesWithoutStats,
                              long smallFiles) {}
