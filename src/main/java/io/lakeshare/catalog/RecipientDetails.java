package io.lakeshare.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A recipient as the owner sees it: its properties, the networks it may call from (none: anywhere), the shares granted to it, how many tokens it has. */
public record RecipientDetails(
        UUID id,
        String name,
        String description,
        Map<String, String> properties,
        List<String> networks,
        List<String> shares,
        long tokens,
        Instant createdAt,
        Instant updatedAt) {}
