package io.lakeshare.storage;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/**
 * A store could not answer as asked. What it means for the caller is its {@link Kind}: a missing
 * object, a store that could not be reached, or one that refused the server. Messages name buckets
 * and keys: they are for the server's log and the owner, not for recipients.
 */
public class StorageException extends RuntimeException {

    public enum Kind {
        /** The object or its bucket is not there. */
        MISSING,
        /** The store did not answer, or answered that it is busy or failing: worth trying again. */
        UNREACHABLE,
        /** The store answered and refused: credentials, permissions, a malformed name. */
        REFUSED
    }

    private final Kind kind;

    /** A failure whose kind follows from its cause: a missing file or name is MISSING, other I/O UNREACHABLE. */
    public StorageException(String message, Throwable cause) {
        this(kindOf(cause), message, cause);
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the object (or its bucket) is not there, as opposed to unreachable or refused. */
    public boolean missingObject() {
        return kind == Kind.MISSING;
    }

    private static Kind kindOf(Throwable cause) {
        if (cause == null || cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
            return Kind.MISSING;
        }
        return Kind.UNREACHABLE;
    }

    /**
     * The storage failure behind {@code failure}, if there is one: libraries reading through the
     * storage port wrap it in their own exceptions, or turn a missing object into
     * {@link FileNotFoundException}, which counts as missing.
     */
    public static StorageException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageException e) {
                return e;
            }
            if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
                return new StorageException(Kind.MISSING, t.getMessage(), t);
            }
        }
        return null;
    }
}
