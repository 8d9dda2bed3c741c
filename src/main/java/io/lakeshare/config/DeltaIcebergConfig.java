package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Iceberg metadata generated for Delta tables (served by the Iceberg REST catalog): where the
 * server keeps what it generates. The files are the server's own; it never writes a table.
 */
@ConfigMapping(prefix = "lakeshare.delta-iceberg")
public interface DeltaIcebergConfig {

    /**
     * Key prefix, in the bucket below, under which each Delta table's generated Iceberg metadata is
     * kept, in a directory named by a hash of the table's location and id ({@code <prefix><hash>/metadata/}).
     */
    @WithDefault("_lakeshare/iceberg/")
    String metadataPrefix();

    /** Bucket the generated metadata is written to; unset: the Delta table's own bucket. */
    Optional<String> bucket();
}
