package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A Delta file's statistics ({@code numRecords}, {@code nullCount}, {@code minValues},
 * {@code maxValues}, keyed by physical names) as Iceberg metrics, and Delta partition values as
 * Iceberg's. A bound is kept only where it is certainly one: Delta truncates strings (a maximum of
 * 32 characters or more may be cut short, and is dropped) and timestamps to milliseconds (both
 * bounds are widened by one).
 */
final class DeltaFileMetrics {

    private static final int STRING_PREFIX = 32;
    private static final DateTimeFormatter PARTITION_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private DeltaFileMetrics() {}

    static Metrics metrics(JsonNode stats, long rows, List<DeltaSchemas.Leaf> leaves) {
        Map<Integer, Long> valueCounts = new HashMap<>();
        Map<Integer, Long> nullCounts = new HashMap<>();
        Map<Integer, ByteBuffer> lower = new HashMap<>();
        Map<Integer, ByteBuffer> upper = new HashMap<>();
        for (DeltaSchemas.Leaf leaf : leaves) {
            JsonNode nulls = at(stats.path("nullCount"), leaf.physicalPath());
            if (nulls.canConvertToLong()) {
                valueCounts.put(leaf.id(), rows);
                nullCounts.put(leaf.id(), nulls.asLong());
            }
            Object min = value(at(stats.path("minValues"), leaf.physicalPath()), leaf.type(), false);
            Object max = value(at(stats.path("maxValues"), leaf.physicalPath()), leaf.type(), true);
            if (min != null) {
                lower.put(leaf.id(), Conversions.toByteBuffer(leaf.type(), min));
            }
            if (max != null) {
                upper.put(leaf.id(), Conversions.toByteBuffer(leaf.type(), max));
            }
        }
        return new Metrics(rows, Map.of(), valueCounts, nullCounts, null, lower, upper);
    }

    private static JsonNode at(JsonNode map, List<String> path) {
        JsonNode node = map;
        for (String part : path) {
            node = node.path(part);
        }
        return node;
    }

    /** A statistic as Iceberg's value of {@code type}, or null when it is not certainly a bound. */
    static Object value(JsonNode node, Type.PrimitiveType type, boolean upper) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        try {
            return switch (type.typeId()) {
                case BOOLEAN -> node.isBoolean() ? node.asBoolean() : null;
                case INTEGER -> node.canConvertToInt() && node.isIntegralNumber() ? node.asInt() : null;
                case LONG -> node.canConvertToLong() && node.isIntegralNumber() ? node.asLong() : null;
                case FLOAT -> node.isNumber() && Float.isFinite(node.floatValue()) ? node.floatValue() : null;
                case DOUBLE -> node.isNumber() && Double.isFinite(node.doubleValue()) ? node.doubleValue() : null;
                case DECIMAL -> {
                    if (!node.isNumber() && !node.isTextual()) {
                        yield null;
                    }
                    BigDecimal d = new BigDecimal(node.asText());
                    int scale = ((Types.DecimalType) type).scale();
                    yield d.setScale(scale, upper ? RoundingMode.CEILING : RoundingMode.FLOOR);
                }
                case STRING -> {
                    if (!node.isTextual()) {
                        yield null;
                    }
                    String s = node.asText();
                    yield upper && s.codePointCount(0, s.length()) >= STRING_PREFIX ? null : s;
                }
                case DATE ->
                    node.isTextual() ? (int) LocalDate.parse(node.asText()).toEpochDay() : null;
                case TIMESTAMP -> {
                    if (!node.isTextual()) {
                        yield null;
                    }
                    long micros = micros(OffsetDateTime.parse(node.asText()).toInstant());
                    // Cut to milliseconds (towards zero or down, as the writer did): widened by one either way.
                    yield upper ? micros + 999 : micros - 999;
                }
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * A Delta partition value (the log's string, null or empty for null) as Iceberg's value of
     * {@code type}; throws {@link IllegalArgumentException} for a value that is not one.
     */
    static Object partitionValue(String raw, Type.PrimitiveType type) {
        if (raw == null || raw.isEmpty()) {
            // Delta writes a null partition value as null, or as an empty string.
            return null;
        }
        try {
            return switch (type.typeId()) {
                case BOOLEAN -> Boolean.parseBoolean(raw);
                case INTEGER -> Integer.parseInt(raw);
                case LONG -> Long.parseLong(raw);
                case FLOAT -> Float.parseFloat(raw);
                case DOUBLE -> Double.parseDouble(raw);
                case DECIMAL ->
                    new BigDecimal(raw).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
                case STRING -> raw;
                case DATE -> (int) LocalDate.parse(raw).toEpochDay();
                case TIMESTAMP -> micros(partitionTimestamp(raw));
                default -> throw new IllegalArgumentException("no partition values of type " + type);
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("partition value '" + raw + "' is not a " + type, e);
        }
    }

    /** Delta's {@code 1970-01-01 00:00:00[.123456]} (UTC, as Delta readers take it) or ISO-8601 with an offset. */
    private static Instant partitionTimestamp(String raw) {
        if (raw.indexOf('T') > 0) {
            return OffsetDateTime.parse(raw).toInstant();
        }
        return LocalDateTime.parse(raw, PARTITION_TIMESTAMP).toInstant(ZoneOffset.UTC);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
