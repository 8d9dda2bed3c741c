package io.lakeshare.catalog;

/** A share with counts, for listings. */
public record ShareSummary(Share share, long tables, long tokens) {}
