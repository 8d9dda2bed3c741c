package io.lakeshare.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public-endpoint check against real TLS servers with certificates from a CA made for the test:
 * what recipients would meet is what readiness reports.
 */
class PublicEndpointProbeTest {

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static PublicEndpointProbe probe;
    private static final List<HttpsServer> servers = new ArrayList<>();

    @BeforeAll
    static void certificateAuthority() throws Exception {
        certificates = new TestCertificates(dir);
        probe = new PublicEndpointProbe(
                TrustedCertificates.context(Optional.of(certificates.caPem())),
                Duration.ofSeconds(5),
                Duration.ofDays(14),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    /** An HTTPS server on localhost answering the sharing path the way Lakeshare does without a token. */
    private static URI serve(SSLContext tls, int sharesStatus) throws Exception {
        return serve(tls, sharesStatus, "", Duration.ZERO);
    }

    private static URI serve(SSLContext tls, int sharesStatus, String body, Duration delay) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean shares = exchange.getRequestURI().getPath().equals("/_delta-sharing/v1/shares");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(shares ? sharesStatus : 404, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    @Test
    void trustedCertificateForTheHostIsUp() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.signed("good", "localhost", null, 90), 401));
        assertTrue(status.up(), status.detail());
        assertEquals("ok", status.stage());
        assertTrue(status.certificateExpiry().isPresent());
        assertTrue(status.warning().isEmpty(), "90 days left is no reason to warn");
    }

    @Test
    void certificateForAnotherHostIsDown() throws Exception {
        EndpointStatus status =
                probe.check(serve(certificates.signed("other-host", "sharing.example.com", null, 90), 401));
        assertFalse(status.up());
        assertEquals("tls", status.stage());
        assertTrue(status.detail().contains("not valid for the host localhost"), status.detail());
    }

    @Test
    void expiredCertificateIsDown() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.signed("expired", "localhost", "-20d", 10), 401));
        assertFalse(status.up());
        assertEquals("tls", status.stage());
        assertTrue(status.detail().contains("has expired"), status.detail());
    }

    @Test
    void untrustedCertificateIsDown() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.selfSigned("self-signed", "localhost"), 401));
        assertFalse(status.up());
        assertEquals("tls", status.stage());
        assertTrue(status.detail().contains("not trusted"), status.detail());
    }

    @Test
    void unresolvableNameIsDown() {
        EndpointStatus status = probe.check(URI.create("https://lakeshare-test.invalid"));
        assertFalse(status.up());
        assertEquals("dns", status.stage());
        assertTrue(status.detail().contains("lakeshare-test.invalid does not resolve"), status.detail());
    }

    @Test
    void certificateNearExpiryStaysUpWithAWarning() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.signed("expiring", "localhost", null, 3), 401));
        assertTrue(status.up(), status.detail());
        assertTrue(
                status.warning().orElseThrow().contains("expires"),
                status.warning().toString());
    }

    @Test
    void somethingElseAnsweringTheSharingPathIsDown() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.signed("wrong-backend", "localhost", null, 90), 404));
        assertFalse(status.up());
        assertEquals("http", status.stage());
        assertTrue(status.detail().contains("answered 404"), status.detail());
    }

    @Test
    void aReplicaSheddingLoadOrShuttingDownStillAnswersAsLakeshare() throws Exception {
        SSLContext tls = certificates.signed("busy", "localhost", null, 90);
        String body = "{\"errorCode\":\"RESOURCE_EXHAUSTED\",\"message\":\"Too many requests\"}";
        assertTrue(probe.check(serve(tls, 429, body, Duration.ZERO)).up(), "the route reaches Lakeshare");
        assertTrue(probe.check(
                        serve(tls, 503, body.replace("RESOURCE_EXHAUSTED", "TEMPORARILY_UNAVAILABLE"), Duration.ZERO))
                .up());
        EndpointStatus proxy = probe.check(serve(tls, 503, "<html>no upstream</html>", Duration.ZERO));
        assertFalse(proxy.up(), "a proxy's own 503 says the route reaches nothing");
        assertTrue(proxy.detail().contains("answered 503"), proxy.detail());
    }

    @Test
    void theWholeCheckFitsInItsTimeout() throws Exception {
        PublicEndpointProbe quick = new PublicEndpointProbe(
                TrustedCertificates.context(Optional.of(certificates.caPem())),
                Duration.ofMillis(1500),
                Duration.ofDays(14),
                Clock.systemUTC());
        URI slow = serve(certificates.signed("slow", "localhost", null, 90), 401, "", Duration.ofSeconds(4));
        // Every connection waits 1 s before the server sees it: the handshake passes in time, and
        // the request to the sharing path gets only what is left of the 1.5 s, not 1.5 s of its own.
        URI behindSlowNetwork =
                URI.create("https://localhost:" + delayingForwarder(slow.getPort(), Duration.ofSeconds(1)));
        long started = System.nanoTime();
        EndpointStatus status = quick.check(behindSlowNetwork);
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertFalse(status.up());
        assertEquals("http", status.stage());
        assertTrue(tookMillis < 2200, "took " + tookMillis + " ms, longer than the check's timeout");
    }

    /** A TCP forwarder to a local port that holds every new connection for {@code delay} first. */
    private static int delayingForwarder(int target, Duration delay) throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Executors.newSingleThreadExecutor().execute(() -> {
                        try {
                            Thread.sleep(delay.toMillis());
                            Socket upstream = new Socket(java.net.InetAddress.getLoopbackAddress(), target);
                            Executors.newSingleThreadExecutor().execute(() -> pump(upstream, client));
                            pump(client, upstream);
                        } catch (Exception e) {
                            // the probe went away
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    private static void pump(Socket from, Socket to) {
        try (from;
                to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (Exception e) {
            // one side closed
        }
    }

    @Test
    void aPeerThatNeverFinishesTheHandshakeIsDownWithinTheTimeout() throws Exception {
        PublicEndpointProbe quick = new PublicEndpointProbe(
                TrustedCertificates.context(Optional.of(certificates.caPem())),
                Duration.ofMillis(1000),
                Duration.ofDays(14),
                Clock.systemUTC());
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5000);
                } catch (Exception e) {
                    // the test is over
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            long started = System.nanoTime();
            EndpointStatus status = quick.check(URI.create("https://localhost:" + silent.getLocalPort()));
            assertFalse(status.up());
            assertEquals("tls", status.stage());
            assertTrue(status.detail().contains("within 1000 ms"), status.detail());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000);
        }
    }
}
