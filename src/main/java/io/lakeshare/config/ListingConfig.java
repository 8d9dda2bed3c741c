package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Recipient-facing list endpoints (shares, schemas, tables). */
@ConfigMapping(prefix = "lakeshare.listing")
public interface ListingConfig {

    /** Page size when the recipient sends no {@code maxResults}. */
    @WithDefault("500")
    int defaultPageSize();

    /** Largest page returned; a larger {@code maxResults} is served in pages of this size. */
    @WithDefault("1000")
    int maxPageSize();
}
