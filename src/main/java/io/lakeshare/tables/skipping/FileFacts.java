package io.lakeshare.tables.skipping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What is known about one column in one file: from its partition value, or from its statistics. */
final class FileFacts {

    /** Bounds of a column's non-null values, and whether all / some values are null (null: unknown). */
    @SuppressWarnings("rawtypes")
    record Column(Optional<Comparable> min, Optional<Comparable> max, Boolean allNull, Boolean someNull) {
        static final Column UNKNOWN = new Column(Optional.empty(), Optional.empty(), null, null);
    }

    /** Delta truncates string statistics to this many characters; a maximum that long may be cut short. */
    private static final int STRING_PREFIX = 32;

    private final Map<String, String> partitionValues;
    private final JsonNode stats;
    private final Map<String, String> physicalNames;
    private final int longestLogicalName;

    /** {@code physicalNames}: by lower-cased logical name, for column-mapped tables (else empty). */
    FileFacts(Map<String, String> partitionValues, JsonNode stats, Map<String, String> physicalNames) {
        this(partitionValues, stats, physicalNames, PhysicalNames.longest(physicalNames));
    }

    /** As above, {@code longestLogicalName} the length of the longest key of {@code physicalNames}. */
    FileFacts(
            Map<String, String> partitionValues,
            JsonNode stats,
            Map<String, String> physicalNames,
            int longestLogicalName) {
        this.partitionValues = partitionValues;
        this.stats = stats;
        this.physicalNames = physicalNames;
        this.longestLogicalName = longestLogicalName;
    }

    @SuppressWarnings("rawtypes")
    Column column(String logicalName, ValueType type) {
        // Lower-casing never shortens a name: one longer than every key has no physical name, and is
        // not lower-cased at all (which takes quadratic time on some long strings, of 'İ').
        String name = physicalNames.isEmpty() || logicalName.length() > longestLogicalName
                ? logicalName
                : physicalNames.getOrDefault(logicalName.toLowerCase(Locale.ROOT), logicalName);
        for (Map.Entry<String, String> p : partitionValues.entrySet()) {
            if (p.getKey().equalsIgnoreCase(name)) {
                String raw = p.getValue();
                if (raw == null || raw.isEmpty()) {
                    return new Column(Optional.empty(), Optional.empty(), true, true);
                }
                Optional<Comparable> value = type.parse(raw);
                return value.isEmpty() ? Column.UNKNOWN : new Column(value, value, false, false);
            }
        }
        if (stats == null) {
            return Column.UNKNOWN;
        }
        JsonNode min = at(stats.path("minValues"), name);
        JsonNode max = at(stats.path("maxValues"), name);
        JsonNode nulls = at(stats.path("nullCount"), name);
        JsonNode rows = stats.path("numRecords");
        Boolean allNull = nulls.isNumber() && rows.isNumber() ? nulls.asLong() == rows.asLong() : null;
        Boolean someNull = nulls.isNumber() ? nulls.asLong() > 0 : null;
        Optional<Comparable> lower = value(min, type);
        Optional<Comparable> upper = value(max, type);
        if (type == ValueType.STRING && max.isTextual() && max.asText().length() >= STRING_PREFIX) {
            upper = Optional.empty();
        }
        if (type == ValueType.TIMESTAMP && upper.isPresent()) {
            // Timestamp statistics are cut to milliseconds; the true maximum may lie within the next one.
            upper = Optional.of(((Instant) upper.get()).plusMillis(1));
        }
        return new Column(lower, upper, allNull, someNull);
    }

    @SuppressWarnings("rawtypes")
    private static Optional<Comparable> value(JsonNode node, ValueType type) {
        return node.isValueNode() && !node.isNull() ? type.parse(node.asText()) : Optional.empty();
    }

    /** A top-level or nested ({@code a.b}) column's entry in a statistics map. */
    private static JsonNode at(JsonNode map, String name) {
        JsonNode direct = map.path(name);
        if (!direct.isMissingNode()) {
            return direct;
        }
        JsonNode node = map;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}
