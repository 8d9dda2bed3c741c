package io.lakeshare.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the database keeps them (microseconds), so a response reads the same before and after a reload. */
final class CatalogTime {

    private CatalogTime() {}

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
