package io.lakeshare.config;

import java.util.Collection;
import java.util.List;

/** A list of networks; a recipient with none may call from anywhere. */
public record AddressRanges(List<AddressRange> ranges) {

    public static final AddressRanges ANYWHERE = new AddressRanges(List.of());

    public AddressRanges {
        ranges = List.copyOf(ranges);
    }

    /** Parses each of {@code cidrs} (see {@link AddressRange#parse}). */
    public static AddressRanges parse(Collection<String> cidrs) {
        return cidrs.isEmpty()
                ? ANYWHERE
                : new AddressRanges(cidrs.stream().map(AddressRange::parse).toList());
    }

    /** Whether the list is empty or one of its networks holds {@code address}. */
    public boolean allows(String address) {
        return ranges.isEmpty() || holds(address);
    }

    /** Whether one of the networks holds {@code address} (none for an empty list). */
    public boolean holds(String address) {
        return AddressRange.literal(address)
                .map(bytes -> ranges.stream().anyMatch(r -> r.contains(bytes)))
                .orElse(false);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
