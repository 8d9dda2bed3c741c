package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The table readers. */
@ConfigMapping(prefix = "lakeshare.tables")
public interface TablesConfig {

    /** How many table snapshots (table + version) are kept in memory and shared between requests. */
    @WithDefault("64")
    int snapshotCacheSize();

    /** Files smaller than this count as small in {@code share info} (a hint to compact). */
    @WithDefault("8388608")
    long smallFileBytes();
}
