package io.lakeshare.catalog;

import java.time.Instant;
import java.util.UUID;

/** A shared table with the names of its share and schema. */
public record SharedTable(UUID id, UUID shareId, String share, String schema, String name, TableFormat format,
                          String bucket, String prefix, Instant createdAt, boolean historyShared, Long startVersion) {

    static SharedTable of(SharedTableEntity t) {
        return new SharedTable(t.id, t.schema.share.id, t.schema.share.name, t.schema.name, t.name, t.format,
                t.bucket, t.prefix, t.createdAt, t.historyShared, t.startVersion);
    }
}
