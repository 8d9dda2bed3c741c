package io.lakeshare.ops.health;

import java.time.Instant;
import java.util.Optional;

/**
 * What one look at the public endpoint found. {@code stage} names the part that failed (dns, tls,
 * http) or "ok"; {@code detail} says why in words an operator can act on.
 */
public record EndpointStatus(
        boolean up, String stage, String detail, Optional<Instant> certificateExpiry, Optional<String> warning) {

    static EndpointStatus down(String stage, String detail) {
        return new EndpointStatus(false, stage, detail, Optional.empty(), Optional.empty());
    }
}
