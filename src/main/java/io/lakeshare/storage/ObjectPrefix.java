package io.lakeshare.storage;

/** Objects whose key starts with {@code keyPrefix} (empty, or ending in '/') in {@code bucket}. */
public record ObjectPrefix(String bucket, String keyPrefix) {

    boolean holds(String bucket, String key) {
        return this.bucket.equals(bucket) && key.startsWith(keyPrefix) && key.length() > keyPrefix.length();
    }
}
