package io.lakeshare.tables;

/**
 * One data-changing action of a commit, as recipients following a table's history see it: a file
 * added or removed, or a change of the table's metadata or protocol.
 */
public record TableChange(
        Kind kind,
        long version,
        long timestamp,
        DataFile file,
        Long deletionTimestamp,
        TableMetadata metadata,
        TableProtocol protocol) {

    public enum Kind {
        ADD,
        REMOVE,
        CDC,
        METADATA,
        PROTOCOL
    }
}
