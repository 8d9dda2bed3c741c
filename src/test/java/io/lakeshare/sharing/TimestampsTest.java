package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakeshare.errors.LakeshareException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void readsIsoWithZoneOrOffsetAndTheSpacedFormAsUtc() {
        Instant expected = Instant.parse("2024-01-31T12:00:00Z");
        assertEquals(expected, Timestamps.parse("t", "2024-01-31T12:00:00Z"));
        assertEquals(expected, Timestamps.parse("t", "2024-01-31T13:00:00+01:00"));
        assertEquals(expected, Timestamps.parse("t", "2024-01-31 12:00:00"));
        assertEquals(
                Instant.parse("2024-01-31T12:00:00.123456Z"), Timestamps.parse("t", "2024-01-31T12:00:00.123456Z"));
        assertEquals(Instant.parse("2024-01-31T12:00:00.5Z"), Timestamps.parse("t", "2024-01-31 12:00:00.5"));
    }

    @Test
    void refusesOtherTextNamingTheParameter() {
        LakeshareException e =
                assertThrows(LakeshareException.class, () -> Timestamps.parse("startingTimestamp", "2024-01-31"));
        assertEquals(400, e.status());
        assertEquals(
                "startingTimestamp '2024-01-31' is not a timestamp; use ISO-8601 in UTC, for example 2024-01-31T12:00:00Z",
                e.getMessage());
    }

    /** Found by RecipientHeadersFuzzTest: the readers look versions up in epoch milliseconds, which overflowed (a 500). */
    @Test
    void refusesTimestampsBeyondWhatTheReadersCanLookUp() {
        for (String far :
                new String[] {"+999999999-01-31T12:00Z", "-999999999-01-01T00:00:00Z", "+292278995-01-01T00:00Z"}) {
            LakeshareException e = assertThrows(LakeshareException.class, () -> Timestamps.parse("timestamp", far));
            assertEquals(400, e.status());
            assertEquals(
                    "timestamp '" + far
                            + "' is out of range; use a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z",
                    e.getMessage());
        }
        assertEquals(
                Instant.parse("9999-12-31T23:59:59Z"),
                Timestamps.parse("timestamp", "9999-12-31T23:59:59Z"),
                "the last");
    }
}
