package io.lakeshare.storage;

import java.time.Instant;

/** An object in a bucket: its key, exact size and last modification. */
public record StoredObject(String key, long size, Instant lastModified) {}
