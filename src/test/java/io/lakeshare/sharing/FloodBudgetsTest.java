package io.lakeshare.sharing;

import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.createToken;
import static io.lakeshare.Admin.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.Admin;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A flood of requests without a valid token cannot lock recipients out: it has budgets of its own,
 * per client address and for all addresses together, and never touches the budget authenticated
 * recipients share. Failed admin logins are throttled per address. Each "client" here connects from
 * an address of its own on the loopback network (127.0.0.0/8), as different hosts would.
 */
@QuarkusTest
@TestProfile(FloodBudgetsTest.Budgets.class)
class FloodBudgetsTest {

    public static class Budgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lakeshare.rate-limit.global", "40",
                    "lakeshare.rate-limit.per-token", "0",
                    "lakeshare.rate-limit.unauthenticated-per-address", "5",
                    "lakeshare.rate-limit.unauthenticated", "15",
                    "lakeshare.rate-limit.admin-failures-per-minute", "3");
        }
    }

    @TestHTTPResource("/")
    URL server;

    /** The status of one request sent from {@code from}, on a connection of its own. */
    private int status(String from, String method, String path, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: 0\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    /** How much of a budget refilling {@code perSecond} has come back since {@code startNanos}, rounded up. */
    private static int refilled(int perSecond, long startNanos) {
        return (int) Math.ceil(perSecond * (System.nanoTime() - startNanos) / 1e9);
    }

    private Map<Integer, Integer> tally(String from, int requests, String authorization) throws IOException {
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            statuses.merge(status(from, "GET", "/_delta-sharing/v1/shares", authorization), 1, Integer::sum);
        }
        return statuses;
    }

    @Test
    void anAnonymousFloodFromOneAddressIsRefusedThereWhileRecipientsElsewhereAreServed() throws IOException {
        String token = "Bearer " + createToken(share());

        long start = System.nanoTime();
        Map<Integer, Integer> flood = tally("127.0.0.2", 40, null);
        Map<Integer, Integer> badTokens = tally("127.0.0.2", 10, "Bearer dapi-guessed");
        // The budget refills at 5 a second: what came back while the flood ran (on a busy machine it
        // runs longer) may be answered too, and no more.
        int refilled = refilled(5, start);

        // Up to five (the address's budget; fewer when the total budget is low too), and what refilled,
        // are answered as unauthenticated; then the address is told to slow down.
        int answered = flood.getOrDefault(401, 0) + badTokens.getOrDefault(401, 0);
        assertTrue(
                flood.getOrDefault(401, 0) >= 1 && answered <= 5 + refilled,
                flood + " " + badTokens + ", refilled " + refilled);
        assertTrue(flood.getOrDefault(429, 0) + badTokens.getOrDefault(429, 0) >= 50 - 5 - refilled, flood.toString());
        assertTrue(
                badTokens.getOrDefault(429, 0) >= 10 - refilled,
                "and its guesses are refused before they are looked up: " + badTokens);
        for (int i = 0; i < 15; i++) {
            assertEquals(200, status("127.0.0.1", "GET", "/_delta-sharing/v1/shares", token), "recipient request " + i);
        }
    }

    @Test
    void aFloodSpreadOverManyAddressesUsesUpOnlyTheUnauthenticatedBudget() throws IOException {
        String token = "Bearer " + createToken(share());
        Map<Integer, Integer> flood = new HashMap<>();
        long start = System.nanoTime();
        for (int host = 10; host < 16; host++) {
            tally("127.0.1." + host, 4, "Bearer dapi-guessed").forEach((s, n) -> flood.merge(s, n, Integer::sum));
        }
        // Four from each address stay within its budget of five; together they pass the total of 15
        // (refilling at 15 a second), so what is answered as unauthenticated is held to that.
        int refilled = refilled(15, start);
        assertTrue(
                flood.getOrDefault(401, 0) <= Math.min(24, 15 + refilled),
                "24 failures from six addresses are held to the total: " + flood + ", refilled " + refilled);
        if (15 + refilled < 24) {
            assertTrue(flood.getOrDefault(429, 0) > 0, "24 failures from six addresses pass the total of 15: " + flood);
        }
        for (int i = 0; i < 15; i++) {
            assertEquals(200, status("127.0.0.1", "GET", "/_delta-sharing/v1/shares", token), "recipient request " + i);
        }
    }

    @Test
    void failedAdminLoginsAreThrottledPerAddress() throws IOException, InterruptedException {
        String from = "127.0.2.1";
        for (int i = 0; i < 3; i++) {
            assertEquals(401, status(from, "GET", "/api/admin/v1/shares", "Bearer wrong-guess-" + i));
        }
        assertEquals(429, status(from, "GET", "/api/admin/v1/shares", "Bearer wrong-guess-3"));
        assertEquals(
                429,
                status(from, "GET", "/api/admin/v1/shares", "Bearer " + Admin.TOKEN),
                "the right credential from a throttled address waits too: guessing costs time");
        assertEquals(200, status("127.0.2.2", "GET", "/api/admin/v1/shares", "Bearer " + Admin.TOKEN));
    }

    private static String share() {
        String share = uniqueName("flood");
        createShare(share, "s", "employees:delta:demo:employees/").statusCode(201);
        return share;
    }
}
