package io.lakeshare.tables;

/** A deletion vector descriptor as the Delta log writes it. */
public record DeletionVector(String storageType, String pathOrInlineDv, Integer offset, int sizeInBytes, long cardinality) {}
