package io.lakeshare.tables;

import java.util.List;
import java.util.Map;

/** A table's metadata as its log records it; {@code schemaString} is the Spark struct JSON. */
public record TableMetadata(
        String id,
        String name,
        String description,
        String provider,
        Map<String, String> formatOptions,
        String schemaString,
        List<String> partitionColumns,
        Map<String, String> configuration,
        Long createdTime) {}
