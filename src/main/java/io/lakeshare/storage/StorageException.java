package io.lakeshare.storage;

/** A store could not answer: missing bucket, denied access, unreachable endpoint. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
