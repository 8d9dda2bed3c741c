package io.lakeshare.sharing;

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

    /**
     * The instant {@code text} names; the protocol's 400 for text that is not a timestamp, or names
     * one the table readers cannot look a version up by (they take epoch milliseconds).
     */
    public static Instant parse(String parameter, String text) {
        Instant instant = instant(parameter, text);
        try {
            instant.toEpochMilli();
        } catch (ArithmeticException beyondMilliseconds) {
            throw LakeshareException.invalidParameter(parameter + " '" + text + "' is out of range; " + EXAMPLE);
        }
        return instant;
    }

    private static Instant instant(String parameter, String text) {
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
