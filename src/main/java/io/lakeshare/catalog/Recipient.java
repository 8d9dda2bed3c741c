package io.lakeshare.catalog;

import java.util.UUID;

/** An authenticated recipient: a token, the one share it may see, and the endpoint its profile names. */
public record Recipient(UUID tokenId, UUID shareId, String publicEndpoint) {}
