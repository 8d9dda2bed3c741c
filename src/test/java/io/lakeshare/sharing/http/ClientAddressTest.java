package io.lakeshare.sharing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lakeshare.config.AddressRanges;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is from, behind trusted proxies and not. */
class ClientAddressTest {

    private static final AddressRanges PROXIES = AddressRanges.parse(List.of("10.0.0.0/24", "10.0.1.5"));

    @Test
    void withoutTrustedProxiesOrFromAnUntrustedPeerTheHeaderIsIgnored() {
        assertEquals(
                "198.51.100.4",
                ClientAddress.clientBehind("198.51.100.4", List.of("203.0.113.1"), AddressRanges.ANYWHERE));
        assertEquals("198.51.100.4", ClientAddress.clientBehind("198.51.100.4", List.of("203.0.113.1"), PROXIES));
    }

    @Test
    void fromATrustedPeerTheNearestUntrustedHopIsTheClient() {
        assertEquals("203.0.113.1", ClientAddress.clientBehind("10.0.0.7", List.of("203.0.113.1"), PROXIES));
        assertEquals("203.0.113.1", ClientAddress.clientBehind("10.0.0.7", List.of("203.0.113.1, 10.0.1.5"), PROXIES));
        assertEquals("203.0.113.1", ClientAddress.clientBehind("10.0.0.7", List.of("9.9.9.9, 203.0.113.1"), PROXIES));
        // several headers are one list, in order
        assertEquals(
                "203.0.113.1",
                ClientAddress.clientBehind("10.0.0.7", List.of("9.9.9.9", "203.0.113.1,10.0.0.9"), PROXIES));
    }

    @Test
    void onlyProxiesAllTheWayGivesTheFarthestAndGarbageStopsTheWalk() {
        assertEquals("10.0.0.9", ClientAddress.clientBehind("10.0.0.7", List.of("10.0.0.9, 10.0.1.5"), PROXIES));
        assertEquals("10.0.0.7", ClientAddress.clientBehind("10.0.0.7", List.of(), PROXIES));
        assertEquals("bogus", ClientAddress.clientBehind("10.0.0.7", List.of("203.0.113.1, bogus"), PROXIES));
        assertEquals("203.0.113.1", ClientAddress.clientBehind("10.0.0.7", List.of("203.0.113.1, , "), PROXIES));
    }
}
