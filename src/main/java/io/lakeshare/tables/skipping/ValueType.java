package io.lakeshare.tables.skipping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The value types of predicate hints, and how text in each type (a literal, a partition value, a
 * statistic) becomes a comparable value. Text that does not parse gives nothing, which means
 * "unknown": the file is kept.
 */
enum ValueType {
    BOOL,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    DATE,
    TIMESTAMP;

    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][.S]");

    static Optional<ValueType> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name) {
            case "bool" -> Optional.of(BOOL);
            case "int" -> Optional.of(INT);
            case "long" -> Optional.of(LONG);
            case "float" -> Optional.of(FLOAT);
            case "double" -> Optional.of(DOUBLE);
            case "string" -> Optional.of(STRING);
            case "date" -> Optional.of(DATE);
            case "timestamp" -> Optional.of(TIMESTAMP);
            default -> Optional.empty();
        };
    }

    /** The value of {@code text} in this type, compared as this type compares. */
    @SuppressWarnings("rawtypes")
    Optional<Comparable> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    switch (this) {
                        // Not text.toLowerCase(): it takes quadratic time on some long strings (of 'İ').
                        case BOOL -> {
                            if (text.equalsIgnoreCase("true")) {
                                yield Boolean.TRUE;
                            }
                            if (text.equalsIgnoreCase("false")) {
                                yield Boolean.FALSE;
                            }
                            throw new IllegalArgumentException(text);
                        }
                        case INT, LONG, FLOAT, DOUBLE -> new BigDecimal(text.strip());
                        case STRING -> text;
                        case DATE ->
                            LocalDate.parse(
                                    text.strip().length() > 10 ? text.strip().substring(0, 10) : text.strip());
                        case TIMESTAMP -> instant(text.strip());
                    });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException iso) {
            // Partition values of timestamp columns are written as 'yyyy-MM-dd HH:mm:ss[.ffffff]'.
            return LocalDateTime.parse(text, SPACED).toInstant(ZoneOffset.UTC);
        }
    }
}
