package io.lakeshare.ops.health;

import io.lakeshare.admin.PublicEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Looks at the public endpoint the way a recipient's client would: the name resolves, the TLS
 * handshake succeeds with a certificate trusted and valid for the host, and an unauthenticated
 * request to the sharing path gets the server's 401. Each step that fails says which and why.
 */
public final class PublicEndpointProbe {

    private final SSLContext tls;
    private final Duration timeout;
    private final Duration certificateWarning;
    private final Clock clock;
    private final HttpClient http;

    public PublicEndpointProbe(SSLContext tls, Duration timeout, Duration certificateWarning, Clock clock) {
        this.tls = tls;
        this.timeout = timeout;
        this.certificateWarning = certificateWarning;
        this.clock = clock;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public EndpointStatus check(URI endpoint) {
        String host = endpoint.getHost();
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
        InetAddress address;
        try {
            address = resolve(host);
        } catch (UnknownHostException | TimeoutException e) {
            return EndpointStatus.down("dns", "the name " + host + " does not resolve"
                    + (e instanceof TimeoutException ? " within " + timeout.toMillis() + " ms" : ""));
        }
        Optional<Instant> expiry = Optional.empty();
        if (https) {
            try {
                expiry = Optional.of(handshake(address, host, port).getNotAfter().toInstant());
            } catch (SSLHandshakeException e) {
                return EndpointStatus.down("tls", certificateProblem(e, host));
            } catch (IOException e) {
                return EndpointStatus.down("tls", "no TLS connection to " + host + ":" + port + ": " + e.getMessage());
            }
        }
        String problem = sharingPathProblem(endpoint);
        if (problem != null) {
            return new EndpointStatus(false, "http", problem, expiry, Optional.empty());
        }
        Optional<String> warning = expiry.filter(notAfter -> notAfter.isBefore(clock.instant().plus(certificateWarning)))
                .map(notAfter -> "the certificate of " + host + " expires at " + notAfter + ", in "
                        + Duration.between(clock.instant(), notAfter).toDays() + " days");
        return new EndpointStatus(true, "ok", "answers at " + host + ":" + port, expiry, warning);
    }

    private InetAddress resolve(String host) throws UnknownHostException, TimeoutException {
        // The JVM's resolver takes no timeout; a stuck DNS server must not hold the probe.
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UnknownHostException(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException();
        }
    }

    private X509Certificate handshake(InetAddress address, String host, int port) throws IOException {
        int millis = (int) timeout.toMillis();
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(address, port), millis);
        plain.setSoTimeout(millis);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** Turns the JDK's handshake failure into the reason an operator fixes. */
    static String certificateProblem(SSLHandshakeException e, String host) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return "the certificate of " + host + " has expired (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return "the certificate of " + host + " is not valid yet (" + cause.getMessage() + ")";
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the certificate is not valid for the host " + host + " (" + message + ")";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException || String.valueOf(cause.getMessage()).contains("PKIX path")) {
                return "the certificate of " + host + " is not trusted: no path to a trusted CA";
            }
        }
        return "the TLS handshake with " + host + " failed: " + message;
    }

    private String sharingPathProblem(URI endpoint) {
        String base = endpoint.toString().replaceAll("/+$", "");
        URI shares = URI.create(base + PublicEndpoint.SHARING_PATH + "/shares");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(shares).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            // Without a token a Delta Sharing server answers 401: anything else is not this server.
            return response.statusCode() == 401 ? null
                    : "GET " + shares + " without a token answered " + response.statusCode()
                            + ", not the 401 of a Delta Sharing server: check the ingress routing";
        } catch (IOException e) {
            return "GET " + shares + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "GET " + shares + " was interrupted";
        }
    }
}
