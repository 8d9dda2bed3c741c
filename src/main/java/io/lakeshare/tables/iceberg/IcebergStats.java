package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * An Iceberg data file's manifest statistics as Delta file stats ({@code numRecords},
 * {@code minValues}, {@code maxValues}, {@code nullCount}), keyed like the columns the recipient
 * sees, so that predicate hints and {@code limitHint} skip Iceberg files as they skip Delta ones.
 * Only bounds that are exact or safely widened make it: Iceberg truncates long strings (lower bound
 * cut, upper bound rounded up — still bounds), and timestamps, kept in microseconds, are widened to
 * the milliseconds of Delta stats (lower bound down, upper bound up). Bounds of a day-partitioned
 * timestamp column let hints on it skip whole days of files.
 */
final class IcebergStats {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IcebergStats() {}

    static String of(DataFile file, PartitionSpec spec, Schema schema, boolean columnMapping) {
        ObjectNode stats = JSON.createObjectNode().put("numRecords", file.recordCount());
        ObjectNode min = JSON.createObjectNode();
        ObjectNode max = JSON.createObjectNode();
        ObjectNode nulls = JSON.createObjectNode();
        Map<Integer, ByteBuffer> lower = file.lowerBounds();
        Map<Integer, ByteBuffer> upper = file.upperBounds();
        Map<Integer, Long> nullCounts = file.nullValueCounts();
        Map<Integer, Long> nans = file.nanValueCounts();
        Map<Integer, Object[]> partitionBounds = null; // worked out only for a column that lacks statistics
        for (Types.NestedField column : schema.columns()) {
            if (!column.type().isPrimitiveType()) {
                continue;
            }
            String key = IcebergSchemas.physicalName(column, columnMapping);
            int id = column.fieldId();
            boolean counted = nullCounts != null && nullCounts.containsKey(id);
            boolean bounded = lower != null && upper != null && lower.containsKey(id) && upper.containsKey(id);
            Object[] fromPartition = null;
            if (!counted || !bounded) {
                if (partitionBounds == null) {
                    partitionBounds = partitionBounds(file, spec, schema);
                }
                fromPartition = partitionBounds.get(id);
            }
            if (counted) {
                nulls.put(key, nullCounts.get(id));
            } else if (fromPartition == NULL_PARTITION) {
                nulls.put(key, file.recordCount());
            }
            // Iceberg's bounds leave NaN out; Spark orders NaN above every number, so a file with NaN
            // could match "greater than" any bound: no bounds for its column then.
            boolean hasNan = nans != null && nans.getOrDefault(id, 0L) > 0;
            Object lo = null;
            Object hi = null;
            if (!hasNan && bounded) {
                lo = value(
                        column.type(),
                        Conversions.fromByteBuffer(column.type(), lower.get(id).duplicate()),
                        false);
                hi = value(
                        column.type(),
                        Conversions.fromByteBuffer(column.type(), upper.get(id).duplicate()),
                        true);
            } else if (fromPartition != null && fromPartition != NULL_PARTITION) {
                // No column statistics (Iceberg keeps them for the first 100 columns by default, or
                // none when configured so): the file's partition still bounds the column.
                lo = value(column.type(), fromPartition[0], false);
                hi = value(column.type(), fromPartition[1], true);
            }
            if (lo != null && hi != null) {
                put(min, key, lo);
                put(max, key, hi);
            }
        }
        if (!min.isEmpty()) {
            stats.set("minValues", min);
            stats.set("maxValues", max);
        }
        if (!nulls.isEmpty()) {
            stats.set("nullCount", nulls);
        }
        return stats.toString();
    }

    /** Marks a column whose partition value is null in this file: every row's value is null. */
    private static final Object[] NULL_PARTITION = new Object[0];

    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    /**
     * Bounds of source columns that the file's partition implies, in Iceberg's internal values: an
     * identity partition is every row's value; year, month, day and hour partitions of a date or a
     * timestamp with zone hold the values of one period. Other transforms bound nothing used here.
     */
    static Map<Integer, Object[]> partitionBounds(DataFile file, PartitionSpec spec, Schema schema) {
        if (spec == null || spec.isUnpartitioned()) {
            return Map.of();
        }
        Map<Integer, Object[]> bounds = new HashMap<>();
        List<PartitionField> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            Type source = schema.findType(field.sourceId());
            if (source == null || !source.isPrimitiveType()) {
                continue;
            }
            String transform = field.transform().toString();
            Object value = file.partition().get(i, Object.class);
            if (value == null) {
                if (field.transform().isIdentity()) {
                    bounds.put(field.sourceId(), NULL_PARTITION);
                }
                continue;
            }
            Object[] range = field.transform().isIdentity()
                    ? new Object[] {value, value}
                    : period(transform, (Integer) value, source);
            if (range != null) {
                bounds.put(field.sourceId(), range);
            }
        }
        return bounds;
    }

    /** The first and last value of the period a temporal partition value names, in the source's units. */
    private static Object[] period(String transform, int ordinal, Type source) {
        boolean date = source.typeId() == Type.TypeID.DATE;
        boolean timestamp = source.typeId() == Type.TypeID.TIMESTAMP;
        if (!date && !timestamp) {
            return null;
        }
        LocalDate first;
        LocalDate afterLast;
        switch (transform) {
            case "year" -> {
                first = LocalDate.of(1970 + ordinal, 1, 1);
                afterLast = first.plusYears(1);
            }
            case "month" -> {
                first = LocalDate.of(1970, 1, 1).plusMonths(ordinal);
                afterLast = first.plusMonths(1);
            }
            case "day" -> {
                first = LocalDate.ofEpochDay(ordinal);
                afterLast = first.plusDays(1);
            }
            case "hour" -> {
                return timestamp ? new Object[] {ordinal * MICROS_PER_HOUR, (ordinal + 1) * MICROS_PER_HOUR - 1} : null;
            }
            default -> {
                return null;
            }
        }
        return date
                ? new Object[] {(int) first.toEpochDay(), (int) afterLast.toEpochDay() - 1}
                : new Object[] {first.toEpochDay() * MICROS_PER_DAY, afterLast.toEpochDay() * MICROS_PER_DAY - 1};
    }

    /** A bound in Iceberg's internal representation as a Delta stats value; null when there is none. */
    private static Object value(Type type, Object value, boolean upper) {
        return switch (type.typeId()) {
            case INTEGER, LONG -> ((Number) value).longValue();
            case FLOAT -> {
                // A float bound as a double is exact but reads unlike the float (0.1f as 0.10000000149...);
                // its shortest text (0.1) is what clients write in hints. Take whichever is further out.
                float f = (Float) value;
                double exact = f;
                double shortest = Double.parseDouble(Float.toString(f));
                yield Float.isFinite(f) ? (upper ? Math.max(exact, shortest) : Math.min(exact, shortest)) : null;
            }
            case DOUBLE -> {
                double d = (Double) value;
                yield Double.isFinite(d) ? d : null;
            }
            case DECIMAL -> value;
            case STRING -> value.toString();
            case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? millis((Long) value, upper) : null;
            default -> null;
        };
    }

    private static String millis(long micros, boolean upper) {
        long ms = upper ? Math.floorDiv(micros + 999, 1000) : Math.floorDiv(micros, 1000);
        return MILLIS.format(Instant.ofEpochMilli(ms));
    }

    private static void put(ObjectNode node, String key, Object value) {
        if (value instanceof Long l) {
            node.put(key, l);
        } else if (value instanceof Double d) {
            node.put(key, d);
        } else if (value instanceof BigDecimal b) {
            node.put(key, b);
        } else {
            node.put(key, value.toString());
        }
    }
}
