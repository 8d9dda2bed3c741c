package io.lakeshare.sharing;

import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as recipients send them: ISO-8601 with {@code Z} or an offset; leniently, {@code yyyy-MM-dd HH:mm:ss[.f]} as UTC. */
public final class Timestamps {

    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][.S]");

    private static final String EXAMPLE = "use ISO-8601 in UTC, for example 2024-01-31T12:00:00Z";

    private Timestamps() {}

    /** The times tables can have: what ISO-8601 writes without an extended year, and every table format reads. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public static Instant parse(String parameter, String text) {
        InputLimits.atMost(parameter, text, InputLimits.TIMESTAMP);
        Instant instant = read(parameter, text);
        // Beyond these, milliseconds since the epoch overflow on the way to the table readers.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw LakeshareException.invalidParameter(parameter + " '" + text
                    + "' is out of range; use a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    private static Instant read(String parameter, String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return LocalDateTime.parse(t, SPACED).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException spaced) {
                throw LakeshareException.invalidParameter(parameter + " '" + text + "' is not a timestamp; " + EXAMPLE);
            }
        }
    }
}
