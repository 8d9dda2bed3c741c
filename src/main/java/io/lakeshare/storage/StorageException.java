package io.lakeshare.storage;

/** A store could not answer: missing bucket, denied access, unreachable endpoint. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the object (or its bucket) is not there, as opposed to unreachable or refused. */
    public boolean missingObject() {
        return getCause() instanceof java.nio.file.NoSuchFileException
                || getCause() instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException;
    }
}
