package io.lakeshare.catalog;

import io.lakeshare.tables.TableLocation;
import java.time.Instant;
import java.util.UUID;

/** A shared table with the names of its share and schema. */
public record SharedTable(
        UUID id,
        UUID shareId,
        String share,
        String schema,
        String name,
        TableFormat format,
        String bucket,
        String prefix,
        Instant createdAt,
        boolean historyShared,
        Long startVersion,
        boolean directoryAccess,
        String partitionScope) {

    /** The access modes as the catalog keeps them (and the protocol names them). */
    public static final String URL = "url";

    public static final String DIR = "dir";

    static SharedTable of(SharedTableEntity t) {
        return new SharedTable(
                t.id,
                t.schema.share.id,
                t.schema.share.name,
                t.schema.name,
                t.name,
                t.format,
                t.bucket,
                t.prefix,
                t.createdAt,
                t.historyShared,
                t.startVersion,
                DIR.equals(t.accessMode),
                t.partitionScope);
    }

    /** The owner's word for how recipients may read the table: {@code url} or {@code dir}. */
    public String accessMode() {
        return directoryAccess ? DIR : URL;
    }

    /**
     * Whether recipients see only some partitions of the table: every file listed or signed must
     * be in scope, so anything handing out more than single files (directory credentials, an
     * Iceberg catalog's view of the whole table) must refuse it.
     */
    public boolean isScoped() {
        return partitionScope != null;
    }

    /** The table's partition scope, if it has one. */
    public java.util.Optional<PartitionScope> scope() {
        return partitionScope == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(PartitionScope.parse(partitionScope));
    }

    /** Where the table readers find the table, named as recipients address it. */
    public TableLocation location() {
        return switch (format) {
            case DELTA -> new TableLocation.StoragePrefix(io.lakeshare.tables.TableFormat.DELTA, bucket, prefix, name);
            case ICEBERG ->
                new TableLocation.StoragePrefix(io.lakeshare.tables.TableFormat.ICEBERG, bucket, prefix, name);
            case ICEBERG_REST -> {
                // The warehouse is kept in bucket's place and namespace:table in prefix's (see TableSpec).
                int colon = prefix.lastIndexOf(':');
                yield new TableLocation.CatalogTable(
                        bucket, prefix.substring(0, colon), prefix.substring(colon + 1), name);
            }
        };
    }
}
