package io.lakeshare.tables;

/**
 * What recipients are told of a snapshot's files (the metadata line's {@code size} and
 * {@code numFiles}) and whether any has rows deleted by a deletion vector, which decides the
 * formats it can be answered in. None of it needs a file's statistics, so a reader that can leave
 * them undecoded counts these at a fraction of the cost of a {@link SnapshotSummary}.
 */
public record FileTotals(long numFiles, long sizeInBytes, long filesWithDeletionVectors) {}
