package io.lakeshare.tables;

import io.lakeshare.storage.StorageException;

/**
 * A table cannot be read as asked. The message says why in terms a recipient can act on, naming the
 * shared table and never its storage location; the cause keeps the detail for the server's log.
 */
public class TableException extends RuntimeException {

    public enum Kind {
        /** The version or timestamp asked for is not in the table's history, or has no change data. */
        BAD_VERSION,
        /** No table at the location, or its files are gone. */
        NOT_FOUND,
        /** The table uses something the server will not serve. */
        UNSUPPORTED,
        /** The store holding the table cannot be reached or refused the server: try again later. */
        UNAVAILABLE,
        /** The table's own files (its log, a checkpoint, its metadata) cannot be read as they are: the provider's to repair. */
        DAMAGED
    }

    private final Kind kind;

    public TableException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The message with the detail behind it, for the owner's eyes: which store, bucket or catalog said what. */
    public static String detail(RuntimeException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(" (").append(t.getMessage()).append(")");
            }
        }
        return text.toString();
    }

    /**
     * A failure to read {@code table}'s files, told apart by what the store said: a file that is not
     * there is NOT_FOUND, a store that could not answer is UNAVAILABLE. {@code what} says what was
     * being read ("its log", "its metadata").
     */
    public static TableException readFailure(TableLocation table, String what, Throwable failure) {
        return readFailure(table.name(), what, failure);
    }

    /** The same, for a table known by its name only. */
    public static TableException readFailure(String tableName, String what, Throwable failure) {
        if (failure instanceof TableException known) {
            return known;
        }
        StorageException storage = StorageException.in(failure);
        if (storage == null) {
            return new TableException(
                    Kind.DAMAGED,
                    "Table '" + tableName + "' cannot be read: " + what
                            + " is damaged or unreadable; the provider has to repair the table",
                    failure);
        }
        if (!storage.missingObject()) {
            return new TableException(
                    Kind.UNAVAILABLE,
                    "The storage of table '" + tableName + "' cannot be read right now (" + what + "); try again later",
                    failure);
        }
        return new TableException(
                Kind.NOT_FOUND,
                "Table '" + tableName + "' cannot be read: " + what
                        + " is missing; the table may have been removed, vacuumed or rewritten",
                failure);
    }
}
