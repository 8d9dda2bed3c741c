package io.lakeshare.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the owner shared a table: what its location names, and so which reader reads it. */
public enum TableFormat {
    /** A Delta table under a bucket prefix: {@code delta:bucket:prefix}. */
    DELTA("delta"),
    /** An Iceberg table under a bucket prefix, found by its metadata files: {@code iceberg:bucket:prefix}. */
    ICEBERG("iceberg"),
    /**
     * An Iceberg table resolved through an Iceberg REST catalog: {@code iceberg-rest:warehouse:namespace:table}.
     * Accepted as {@code uniform} too, its name before it was called for what it is.
     */
    ICEBERG_REST("iceberg-rest", "uniform");

    private final String id;
    private final String alias;

    TableFormat(String id) {
        this(id, null);
    }

    TableFormat(String id, String alias) {
        this.id = id;
        this.alias = alias;
    }

    public String id() {
        return id;
    }

    public static Optional<TableFormat> parse(String text) {
        return Arrays.stream(values())
                .filter(f -> f.id.equalsIgnoreCase(text) || (f.alias != null && f.alias.equalsIgnoreCase(text)))
                .findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(TableFormat::id).collect(Collectors.joining(", "));
    }
}
