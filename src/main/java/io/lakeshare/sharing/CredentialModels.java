package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.lakeshare.errors.InputLimits;
import io.lakeshare.storage.ScopedCredentials;

/** The bodies of {@code POST .../temporary-table-credentials}, with the protocol's field names. */
public final class CredentialModels {

    private CredentialModels() {}

    /** The longest {@code location} read: a bucket, a prefix and the scheme. */
    static final int LOCATION = InputLimits.PREFIX + InputLimits.BUCKET + 16;

    /** The request: optionally, the location credentials are asked for (the table's root). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CredentialsRequest(String location) {

        public static final CredentialsRequest EMPTY = new CredentialsRequest(null);

        public void validate() {
            InputLimits.atMost("location", location, LOCATION);
        }
    }

    public record AwsTempCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

        @Override
        public String toString() {
            return "AwsTempCredentials[accessKeyId=" + accessKeyId + "]";
        }
    }

    /** {@code expirationTime} in epoch milliseconds. */
    public record TemporaryCredentials(String location, AwsTempCredentials awsTempCredentials, long expirationTime) {}

    public record CredentialsResponse(TemporaryCredentials credentials) {

        public static CredentialsResponse of(ScopedCredentials c) {
            return new CredentialsResponse(new TemporaryCredentials(
                    c.location(),
                    new AwsTempCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()),
                    c.expiration().toEpochMilli()));
        }
    }
}
