package io.lakeshare.tables.skipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.TableMetadata;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hints name columns as recipients see them; under column mapping, partition values and statistics
 * are keyed by physical names ({@code col-…}). This turns one into the other, nested columns
 * ({@code a.b}) included, so that hints skip files of column-mapped tables too.
 */
final class PhysicalNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PhysicalNames() {}

    /** Physical names by lower-cased logical name; empty when the table does not map columns. */
    static Map<String, String> of(TableMetadata metadata) {
        if (metadata == null
                || "none".equalsIgnoreCase(metadata.configuration().getOrDefault("delta.columnMapping.mode", "none"))) {
            return Map.of();
        }
        Map<String, String> names = new HashMap<>();
        try {
            collect(JSON.readTree(metadata.schemaString()), "", "", names);
        } catch (IOException e) {
            return Map.of(); // an unreadable schema skips nothing by physical name; hints stay best effort
        }
        return names;
    }

    /** The length of the longest logical name in {@code names}. */
    static int longest(Map<String, String> names) {
        int longest = 0;
        for (String logical : names.keySet()) {
            longest = Math.max(longest, logical.length());
        }
        return longest;
    }

    private static void collect(
            JsonNode struct, String logicalPrefix, String physicalPrefix, Map<String, String> names) {
        for (JsonNode field : struct.path("fields")) {
            String logical = logicalPrefix + field.path("name").asText();
            String physical = physicalPrefix
                    + field.path("metadata")
                            .path("delta.columnMapping.physicalName")
                            .asText(field.path("name").asText());
            names.put(logical.toLowerCase(Locale.ROOT), physical);
            JsonNode type = field.path("type");
            if (type.isObject() && "struct".equals(type.path("type").asText())) {
                collect(type, logical + ".", physical + ".", names);
            }
        }
    }
}
