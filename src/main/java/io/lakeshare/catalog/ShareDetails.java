package io.lakeshare.catalog;

import java.util.List;

/**
 * A share with its schemas, tables (ordered by schema, then table), how many tokens it has, and the
 * recipients it is granted to.
 */
public record ShareDetails(
        Share share, List<String> schemas, List<SharedTable> tables, long tokens, List<String> recipients) {}
