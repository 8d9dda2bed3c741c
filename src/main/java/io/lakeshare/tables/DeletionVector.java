package io.lakeshare.tables;

/**
 * A deletion vector descriptor as the Delta log writes it, with where its file is ({@code object},
 * null for a vector stored inline in the log).
 */
public record DeletionVector(
        String storageType,
        String pathOrInlineDv,
        Integer offset,
        int sizeInBytes,
        long cardinality,
        ObjectPath object) {}
