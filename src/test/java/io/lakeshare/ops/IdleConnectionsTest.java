package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connections that send nothing, or stop half-way through a request, are closed after the idle timeout. */
@QuarkusTest
@TestProfile(IdleConnectionsTest.ShortIdleTimeout.class)
class IdleConnectionsTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2S");
        }
    }

    @TestHTTPResource("/")
    URL server;

    /** Reads until the server closes the connection; fails if it is still open after {@code seconds}. */
    private void assertClosedWithin(Socket socket, int seconds) throws IOException {
        socket.setSoTimeout(seconds * 1000);
        try {
            while (socket.getInputStream().read() != -1) {
                // whatever the server says before it closes (a 408, say) is fine
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + seconds + " s");
        } catch (IOException reset) {
            // closed by a reset: closed all the same
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
        return socket;
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket silent = connect()) {
            long started = System.nanoTime();
            assertClosedWithin(silent, 10);
            assertTrue(System.nanoTime() - started >= 1_000_000_000L, "not before it was idle");
        }
    }

    @Test
    void aConnectionThatStopsHalfWayThroughItsHeadersIsClosed() throws IOException {
        try (Socket stalled = connect()) {
            stalled.getOutputStream()
                    .write("GET /_delta-sharing/v1/shares HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertClosedWithin(stalled, 10);
        }
    }

    @Test
    void aConnectionInUseIsKeptBetweenRequestsUntilItIdles() throws IOException {
        try (Socket client = connect()) {
            for (int i = 0; i < 2; i++) {
                client.getOutputStream()
                        .write("GET /_delta-sharing/v1/shares HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                client.setSoTimeout(5000);
                String status = new String(client.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 401", status, "request " + i + " on the same connection");
                client.getInputStream().skipNBytes(client.getInputStream().available());
            }
        }
    }
}
