package io.lakeshare.tables;

import java.util.Map;

/**
 * One data file of a snapshot. {@code logPath} is the path exactly as the log wrote it (file ids
 * are hashes of it); {@code object} is where the bytes are.
 */
public record DataFile(
        String logPath,
        ObjectPath object,
        Map<String, String> partitionValues,
        long size,
        long modificationTime,
        String stats,
        DeletionVector deletionVector) {}
