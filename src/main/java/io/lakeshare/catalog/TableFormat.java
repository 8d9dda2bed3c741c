package io.lakeshare.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The table formats a shared table can be read as. */
public enum TableFormat {
    DELTA,
    ICEBERG,
    /** An Iceberg table resolved through an Iceberg REST catalog: {@code uniform:warehouse:namespace:table}. */
    UNIFORM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TableFormat> parse(String text) {
        return Arrays.stream(values()).filter(f -> f.id().equalsIgnoreCase(text)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(TableFormat::id).collect(Collectors.joining(", "));
    }
}
