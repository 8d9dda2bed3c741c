package io.lakeshare.tables.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Delta statistics and partition values become Iceberg bounds and values only where they certainly are. */
class DeltaFileMetricsTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static long micros(String instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
    }

    @Test
    void decimalBoundsRoundOutwardToTheColumnsScale() throws Exception {
        Types.DecimalType type = Types.DecimalType.of(10, 2);
        assertEquals(new BigDecimal("1.23"), DeltaFileMetrics.value(json("1.234"), type, false));
        assertEquals(new BigDecimal("1.24"), DeltaFileMetrics.value(json("1.234"), type, true));
        assertEquals(new BigDecimal("5.00"), DeltaFileMetrics.value(json("5"), type, true));
    }

    @Test
    void aStringMaximumDeltaMayHaveCutShortIsNoBoundButItsMinimumIs() throws Exception {
        String longText = "\"" + "x".repeat(32) + "\"";
        assertNull(DeltaFileMetrics.value(json(longText), Types.StringType.get(), true));
        assertEquals("x".repeat(32), DeltaFileMetrics.value(json(longText), Types.StringType.get(), false));
        assertEquals("short", DeltaFileMetrics.value(json("\"short\""), Types.StringType.get(), true));
    }

    @Test
    void timestampBoundsCutToMillisecondsAreWidenedBothWays() throws Exception {
        long at = micros("2024-01-01T10:30:00.123Z");
        Types.TimestampType type = Types.TimestampType.withZone();
        assertEquals(at - 999, DeltaFileMetrics.value(json("\"2024-01-01T10:30:00.123Z\""), type, false));
        assertEquals(at + 999, DeltaFileMetrics.value(json("\"2024-01-01T10:30:00.123+00:00\""), type, true));
    }

    @Test
    void valuesOfTheWrongKindAreNoBounds() throws Exception {
        assertNull(DeltaFileMetrics.value(json("\"NaN\""), Types.DoubleType.get(), true));
        assertNull(DeltaFileMetrics.value(json("1.5"), Types.LongType.get(), true));
        assertNull(DeltaFileMetrics.value(json("{\"a\":1}"), Types.IntegerType.get(), false));
        assertNull(DeltaFileMetrics.value(json("\"not a date\""), Types.DateType.get(), false));
    }

    @Test
    void partitionValuesAreReadAsDeltaWritesThem() {
        Types.TimestampType ts = Types.TimestampType.withZone();
        assertEquals(micros("2024-01-01T10:30:00Z"), DeltaFileMetrics.partitionValue("2024-01-01 10:30:00", ts));
        assertEquals(
                micros("2024-01-01T10:30:00.123456Z"),
                DeltaFileMetrics.partitionValue("2024-01-01 10:30:00.123456", ts));
        assertEquals(micros("2024-01-01T09:30:00Z"), DeltaFileMetrics.partitionValue("2024-01-01T10:30:00+01:00", ts));
        assertEquals(19723, DeltaFileMetrics.partitionValue("2024-01-01", Types.DateType.get()));
        assertEquals(new BigDecimal("1.50"), DeltaFileMetrics.partitionValue("1.5", Types.DecimalType.of(5, 2)));
        assertNull(DeltaFileMetrics.partitionValue(null, Types.IntegerType.get()));
        assertNull(DeltaFileMetrics.partitionValue("", Types.StringType.get()), "Delta writes an empty string as null");
        assertThrows(
                IllegalArgumentException.class, () -> DeltaFileMetrics.partitionValue("x", Types.IntegerType.get()));
        assertThrows(
                IllegalArgumentException.class,
                () -> DeltaFileMetrics.partitionValue("1.234", Types.DecimalType.of(5, 2)),
                "a value that does not fit the scale is not rounded into another partition");
    }
}
