package io.lakeshare.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        probe = new PublicEndpointProbe(TrustedCertificates.context(Optional.of(certificates.caPem())),
                Duration.ofSeconds(5), Duration.ofDays(14), Clock.systemUTC());
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    /** An HTTPS server on localhost answering the sharing path the way Lakeshare does without a token. */
    private static URI serve(SSLContext tls, int sharesStatus) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            boolean shares = exchange.getRequestURI().getPath().equals("/_delta-sharing/v1/shares");
            exchange.sendResponseHeaders(shares ? sharesStatus : 404, -1);
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
        EndpointStatus status = probe.check(serve(certificates.signed("other-host", "sharing.example.com", null, 90), 401));
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
        assertTrue(status.warning().orElseThrow().contains("expires"), status.warning().toString());
    }

    @Test
    void somethingElseAnsweringTheSharingPathIsDown() throws Exception {
        EndpointStatus status = probe.check(serve(certificates.signed("wrong-backend", "localhost", null, 90), 404));
        assertFalse(status.up());
        assertEquals("http", status.stage());
        assertTrue(status.detail().contains("answered 404"), status.detail());
    }
}
