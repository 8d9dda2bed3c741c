package io.lakeshare.storage;

import java.util.List;

/** The storage port: everything the server needs from a bucket, whatever holds it. */
public interface ObjectStore {

    /** Which kind of store this is, for owners' eyes ("local", "s3"). */
    String kind();

    /** Up to {@code max} objects whose keys start with {@code prefix}, in key order. */
    List<StoredObject> list(String bucket, String prefix, int max);
}
