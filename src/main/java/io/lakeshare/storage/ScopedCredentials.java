package io.lakeshare.storage;

import java.time.Instant;

/**
 * Temporary S3 credentials that read one table's prefix ({@code location}, {@code s3://bucket/prefix})
 * until {@code expiration}. The secret and the session token are never printed: {@link #toString()}
 * names the location and the expiry only.
 */
public record ScopedCredentials(
        String location, String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    @Override
    public String toString() {
        return "ScopedCredentials[location=" + location + ", expiration=" + expiration + "]";
    }
}
