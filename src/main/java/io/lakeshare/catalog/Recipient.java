package io.lakeshare.catalog;

import java.util.UUID;

/** An authenticated recipient: a token and the one share it may see. */
public record Recipient(UUID tokenId, UUID shareId) {}
