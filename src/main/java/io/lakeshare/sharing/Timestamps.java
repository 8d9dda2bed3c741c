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

    private Timestamps() {}

    public static Instant parse(String parameter, String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return LocalDateTime.parse(t, SPACED).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException spaced) {
                throw LakeshareException.invalidParameter(parameter + " '" + text
                        + "' is not a timestamp; use ISO-8601 in UTC, for example 2024-01-31T12:00:00Z");
            }
        }
    }
}
