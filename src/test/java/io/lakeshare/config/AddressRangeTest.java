package io.lakeshare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Networks as owners write them, and which addresses they hold. */
class AddressRangeTest {

    @Test
    void aNetworkHoldsTheAddressesUnderItsPrefix() {
        AddressRange tens = AddressRange.parse("10.0.0.0/8");
        assertTrue(tens.contains("10.0.0.0"));
        assertTrue(tens.contains("10.255.255.255"));
        assertFalse(tens.contains("11.0.0.0"));
        assertFalse(tens.contains("9.255.255.255"));
        AddressRange odd = AddressRange.parse("192.0.2.64/27");
        assertTrue(odd.contains("192.0.2.95"));
        assertFalse(odd.contains("192.0.2.96"));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains("203.0.113.9"));
        assertTrue(AddressRange.parse("192.0.2.7").contains("192.0.2.7"));
        assertFalse(AddressRange.parse("192.0.2.7").contains("192.0.2.8"));
    }

    @Test
    void ipv6NetworksAndMappedPeers() {
        AddressRange doc = AddressRange.parse("2001:db8::/32");
        assertTrue(doc.contains("2001:db8:ffff::1"));
        assertTrue(doc.contains("[2001:db8::1]"));
        assertFalse(doc.contains("2001:db9::1"));
        assertFalse(doc.contains("10.0.0.1"), "an IPv4 address is in no IPv6 network");
        // The JDK reports an IPv4 peer on a dual-stack socket as ::ffff:a.b.c.d
        assertTrue(AddressRange.parse("10.0.0.0/8").contains("::ffff:10.1.2.3"));
        assertTrue(AddressRange.parse("::1").contains("0:0:0:0:0:0:0:1"));
    }

    @Test
    void theCanonicalFormMasksTheHostBits() {
        assertEquals("10.0.0.0/8", AddressRange.parse(" 10.1.2.3/8 ").text());
        assertEquals("192.0.2.7/32", AddressRange.parse("192.0.2.7").text());
        assertEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("10.9.9.9/8"));
    }

    @Test
    void namesAndNonsenseAreRefusedWithoutAsking() {
        // Names are never resolved: all of these fail on their text alone.
        for (String bad : List.of(
                "localhost",
                "example.com",
                "abc",
                "10.0.0",
                "10.0.0.0.0",
                "1.2.3.256",
                "01234.1.1.1",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/",
                "10.0.0.0/8/8",
                "::/129",
                "2001:db8::g",
                "",
                " ",
                "1.2.3.4 /8")) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
        assertFalse(AddressRange.parse("0.0.0.0/0").contains("localhost"));
        assertFalse(AddressRange.parse("0.0.0.0/0").contains("unknown"));
        assertFalse(AddressRange.parse("0.0.0.0/0").contains((String) null));
    }

    @Test
    void anEmptyListAllowsEveryoneAndAListOnlyItsNetworks() {
        assertTrue(AddressRanges.ANYWHERE.allows("203.0.113.9"));
        AddressRanges list = AddressRanges.parse(List.of("10.0.0.0/8", "2001:db8::/32"));
        assertTrue(list.allows("10.4.4.4"));
        assertTrue(list.allows("2001:db8::4"));
        assertFalse(list.allows("192.0.2.1"));
        assertFalse(list.allows("garbage"));
    }
}
