package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How many table queries (file listings and change feeds) one replica serves at once. Each holds a
 * worker thread, buffers and a share of the cores while it streams; past a few per core more of them
 * only make every one slower and the process bigger, and starve the probes. Others wait their turn.
 */
@ConfigMapping(prefix = "lakeshare.query-streams")
public interface QueryStreamsConfig {

    /**
     * Table queries served at once by this replica; 0 admits every one. About four per core: on two
     * cores, 8 streams deliver more files per second together than 16 do, and leave the probes room.
     */
    @WithDefault("8")
    int max();

    /** How long a query waits for its turn before it is answered 503 with {@code Retry-After}. */
    @WithDefault("20s")
    Duration queueTimeout();
}
