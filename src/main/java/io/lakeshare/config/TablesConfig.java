package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The table readers. */
@ConfigMapping(prefix = "lakeshare.tables")
public interface TablesConfig {

    /** How many table snapshots (table + version) are kept in memory and shared between requests. */
    @WithDefault("64")
    int snapshotCacheSize();

    /** The largest page a paginated query returns, whatever {@code maxFiles} asks for. */
    @WithDefault("100000")
    int maxPageFiles();

    /** How long a query's {@code nextPageToken} stays valid. */
    @WithDefault("P3D")
    java.time.Duration pageTokenTtl();

    /** How long a {@code refreshToken} stays valid. */
    @WithDefault("PT1H")
    java.time.Duration refreshTokenTtl();

    /**
     * Local copies of Delta log files (commits, checkpoints) of tables in object storage: they never
     * change, and re-reading a large checkpoint over the network for every query is the slowest part
     * of a query otherwise. 0 turns the cache off.
     */
    @WithDefault("1073741824")
    long logCacheBytes();

    /** Where the log file copies are kept. */
    @WithDefault("${lakeshare.data-dir}/log-cache")
    java.nio.file.Path logCacheDir();

    /**
     * Local disk for the file lists of snapshots being read page by page, so that every page costs
     * the same, and for the rendered lines of snapshots read whole; least recently used first out.
     * 0 turns both off.
     */
    @WithDefault("2147483648")
    long spoolBytes();

    /** Where those file lists are kept. */
    @WithDefault("${lakeshare.data-dir}/spool")
    java.nio.file.Path spoolDir();

    /** How long an asynchronous query can be polled for its result. */
    @WithDefault("PT1H")
    java.time.Duration asyncQueryTtl();

    /** Threads that run asynchronous queries; more queries wait in a bounded queue. */
    @WithDefault("2")
    int asyncQueryThreads();

    /** Files smaller than this count as small in {@code share info} (a hint to compact). */
    @WithDefault("8388608")
    long smallFileBytes();
}
