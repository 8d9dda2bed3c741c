package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.iceberg.DataFile;
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
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IcebergStats() {
    }

    static String of(DataFile file, Schema schema, boolean columnMapping) {
        ObjectNode stats = JSON.createObjectNode().put("numRecords", file.recordCount());
        ObjectNode min = JSON.createObjectNode();
        ObjectNode max = JSON.createObjectNode();
        ObjectNode nulls = JSON.createObjectNode();
        Map<Integer, ByteBuffer> lower = file.lowerBounds();
        Map<Integer, ByteBuffer> upper = file.upperBounds();
        Map<Integer, Long> nullCounts = file.nullValueCounts();
        for (Types.NestedField column : schema.columns()) {
            if (!column.type().isPrimitiveType()) {
                continue;
            }
            String key = IcebergSchemas.physicalName(column, columnMapping);
            int id = column.fieldId();
            if (nullCounts != null && nullCounts.containsKey(id)) {
                nulls.put(key, nullCounts.get(id));
            }
            Map<Integer, Long> nans = file.nanValueCounts();
            // Iceberg's bounds leave NaN out; Spark orders NaN above every number, so a file with NaN
            // could match "greater than" any bound: no bounds for its column then.
            boolean hasNan = nans != null && nans.getOrDefault(id, 0L) > 0;
            if (!hasNan && lower != null && upper != null && lower.containsKey(id) && upper.containsKey(id)) {
                Object lo = value(column.type(), lower.get(id), false);
                Object hi = value(column.type(), upper.get(id), true);
                if (lo != null && hi != null) {
                    put(min, key, lo);
                    put(max, key, hi);
                }
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

    private static Object value(Type type, ByteBuffer bound, boolean upper) {
        Object value = Conversions.fromByteBuffer(type, bound.duplicate());
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
