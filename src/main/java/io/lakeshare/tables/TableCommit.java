package io.lakeshare.tables;

import java.util.List;
import java.util.Map;

/**
 * One commit of a table's log, as the change data feed needs it: its files (added, removed, and
 * change-data files), its metadata and protocol changes if any, and what the commit says it did.
 */
public record TableCommit(long version, long timestamp, List<TableChange> files, List<TableChange> changeData,
                          TableMetadata metadata, TableProtocol protocol, String operation, Map<String, String> operationMetrics) {}
