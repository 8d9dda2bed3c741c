package io.lakeshare.tables;

import java.util.List;

/**
 * One commit of a table's history as the change data feed serves it: {@code feed} is what the
 * commit changed, in the protocol's terms (its change-data files where it wrote any, nothing for a
 * commit that rewrote files without changing rows, else the files it added and removed), with its
 * metadata and protocol changes if any. Which is which is the format's knowledge, decided by its reader.
 */
public record TableCommit(
        long version, long timestamp, List<TableChange> feed, TableMetadata metadata, TableProtocol protocol) {}
