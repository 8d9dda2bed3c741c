package io.lakeshare.catalog;

import java.time.Instant;
import java.util.UUID;

/** A share as the rest of the server sees it (no JPA outside the catalog). */
public record Share(UUID id, String name, String description, Instant createdAt, Instant updatedAt) {

    static Share of(ShareEntity e) {
        return new Share(e.id, e.name, e.description, e.createdAt, e.updatedAt);
    }
}
