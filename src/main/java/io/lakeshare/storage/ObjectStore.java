package io.lakeshare.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The storage port: everything the server needs from a bucket, whatever holds it. Keys are object
 * keys ({@code prefix/_delta_log/00000000000000000000.json}), never URLs.
 */
public interface ObjectStore {

    /** Which kind of store this is, for owners' eyes ("local", "s3"). */
    String kind();

    /** Up to {@code max} objects whose keys start with {@code prefix}, in key order. */
    List<StoredObject> list(String bucket, String prefix, int max);

    /**
     * The objects directly in the "directory" of {@code keyFrom} (up to its last '/') whose keys are
     * at or after {@code keyFrom}, in key order, fetched lazily.
     */
    Iterator<StoredObject> listFrom(String bucket, String keyFrom);

    /** The object's size and modification time, or empty if there is no such object. */
    Optional<StoredObject> stat(String bucket, String key);

    /**
     * The object's bytes from {@code offset}: {@code length} of them, or all to the end when
     * {@code length} is negative. The caller closes the stream.
     */
    InputStream read(String bucket, String key, long offset, long length);

    /**
     * Writes {@code bytes} as a new object, atomically: readers see the whole object or none. Never
     * replaces an object: returns false, writing nothing, when {@code key} already exists (another
     * writer was first). Only the server's own files are written (generated metadata), never tables.
     */
    boolean createIfAbsent(String bucket, String key, byte[] bytes);

    /**
     * A cheap call that shows the store answers, within {@code timeout}; returns what it saw and
     * throws {@link StorageException} when the store cannot be reached.
     */
    String ping(Duration timeout);
}
