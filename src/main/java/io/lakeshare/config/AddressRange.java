package io.lakeshare.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a network of
 * one), as recipients' IP access lists and the trusted proxies are given. Only literal addresses are
 * accepted: parsing never resolves a name, so that neither the owner's input nor a forwarded header can
 * make the server ask DNS anything.
 */
public record AddressRange(String text, byte[] network, int prefixLength) {

    /** Parses {@code cidr}, or explains in a sentence why it is not one. */
    public static AddressRange parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("an empty network; give one as ADDRESS/PREFIX, e.g. 10.0.0.0/8");
        }
        String value = cidr.strip();
        int slash = value.indexOf('/');
        String addressPart = slash < 0 ? value : value.substring(0, slash);
        byte[] address = literal(addressPart)
                .orElseThrow(() -> new IllegalArgumentException("'" + shown(value)
                        + "' is not a network: give an IPv4 or IPv6 address with an optional /PREFIX"));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = value.substring(slash + 1);
            if (prefixPart.isEmpty()
                    || prefixPart.length() > 3
                    || !prefixPart.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + shown(value) + "' has no prefix length after '/'");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > bits) {
                throw new IllegalArgumentException(
                        "'" + shown(value) + "' has a prefix longer than the address's " + bits + " bits");
            }
        }
        byte[] network = masked(address, prefix);
        String canonical = numeric(network) + "/" + prefix;
        return new AddressRange(canonical, network, prefix);
    }

    /** Whether {@code address} (a literal; anything else is in no network) lies in this network. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
    }

    /**
     * The bytes of an IPv4 dotted quad or an IPv6 literal (an IPv4-mapped IPv6 address counts as its
     * IPv4 address, as the JDK reports peers that way), or empty for anything else.
     */
    public static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (value.indexOf(':') >= 0) {
            // With a colon the JDK parses the text as an IPv6 literal and never looks a name up.
            if (!value.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByName(value).getAddress());
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        }
        return ipv4(value);
    }

    private static Optional<byte[]> ipv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return Optional.of(bytes);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String numeric(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16, which parse never makes
        }
    }

    private static String shown(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
