package io.lakeshare.tables;

/** A table cannot be read as asked; the message says why, in terms a recipient can act on. */
public class TableException extends RuntimeException {

    public enum Kind {
        /** The version or timestamp asked for is not in the table's history. */
        BAD_VERSION,
        /** No table at the location, or its files are gone. */
        NOT_FOUND,
        /** The table uses something the server will not serve. */
        UNSUPPORTED
    }

    private final Kind kind;

    public TableException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
