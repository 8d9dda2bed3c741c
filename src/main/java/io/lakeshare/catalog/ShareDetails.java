package io.lakeshare.catalog;

import java.util.List;

/** A share with its schemas, tables (ordered by schema, then table) and how many tokens it has. */
public record ShareDetails(Share share, List<String> schemas, List<SharedTable> tables, long tokens) {}
