package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Usage accounting: what each recipient read, per table and hour, kept in the catalog (see {@code
 * lakeshare recipient usage}) and counted in metrics.
 */
@ConfigMapping(prefix = "lakeshare.usage")
public interface UsageConfig {

    /**
     * How often each replica adds what it counted to the catalog. Counts not yet added are lost if
     * the process is killed; a graceful stop adds them, and reading a recipient's usage adds this
     * replica's first.
     */
    @WithDefault("PT10S")
    Duration flushInterval();

    /** How long hourly usage rows are kept. */
    @WithDefault("P90D")
    Duration retention();

    /**
     * Whether the usage metrics carry a {@code recipient} label (its id). Off, they have no labels, so
     * that the number of series does not grow with the number of recipients.
     */
    @WithDefault("false")
    boolean metricsPerRecipient();
}
