package io.lakeshare.ops.health;

import io.lakeshare.config.PublicEndpoint;
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
 * request to the sharing path gets the server's 401. Each step that fails says which and why; the
 * whole look fits in one timeout, so the kubelet's probe never times out before it can report.
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
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public EndpointStatus check(URI endpoint) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String host = endpoint.getHost();
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : https ? 443 : 80;
        InetAddress address;
        try {
            address = resolve(host, left(deadline));
        } catch (UnknownHostException | TimeoutException e) {
            return EndpointStatus.down(
                    "dns",
                    "the name " + host + " does not resolve"
                            + (e instanceof TimeoutException ? " within " + timeout.toMillis() + " ms" : ""));
        }
        Optional<Instant> expiry = Optional.empty();
        if (https) {
            try {
                expiry = Optional.of(handshake(address, host, port, left(deadline))
                        .getNotAfter()
                        .toInstant());
            } catch (SSLHandshakeException e) {
                return EndpointStatus.down("tls", certificateProblem(e, host));
            } catch (IOException e) {
                return EndpointStatus.down("tls", "no TLS connection to " + host + ":" + port + ": " + e.getMessage());
            } catch (TimeoutException e) {
                return EndpointStatus.down(
                        "tls", "no TLS connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms");
            }
        }
        String problem;
        try {
            problem = sharingPathProblem(endpoint, left(deadline));
        } catch (TimeoutException e) {
            problem = "no time left for the request to the sharing path within " + timeout.toMillis() + " ms";
        }
        if (problem != null) {
            return new EndpointStatus(false, "http", problem, expiry, Optional.empty());
        }
        Optional<String> warning = expiry.filter(
                        notAfter -> notAfter.isBefore(clock.instant().plus(certificateWarning)))
                .map(notAfter -> "the certificate of " + host + " expires at " + notAfter + ", in "
                        + Duration.between(clock.instant(), notAfter).toDays() + " days");
        return new EndpointStatus(true, "ok", "answers at " + host + ":" + port, expiry, warning);
    }

    /** What is left of the check's time; none left is a timeout of the step about to start. */
    private static Duration left(long deadline) throws TimeoutException {
        long nanos = deadline - System.nanoTime();
        if (nanos < TimeUnit.MILLISECONDS.toNanos(1)) {
            throw new TimeoutException("the check's time ran out");
        }
        return Duration.ofNanos(nanos);
    }

    private InetAddress resolve(String host, Duration timeout) throws UnknownHostException, TimeoutException {
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

    private X509Certificate handshake(InetAddress address, String host, int port, Duration timeout)
            throws IOException, TimeoutException {
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket plain = new Socket();
        // Socket timeouts bound each read, not the handshake: a peer that drips bytes is cut here.
        CompletableFuture<Void> cut = CompletableFuture.runAsync(
                () -> closeQuietly(plain), CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        try {
            return handshake(plain, new InetSocketAddress(address, port), host, millis);
        } catch (IOException e) {
            // The read timeout and the cut fire at the same moment for a silent peer: both are the timeout.
            if (cut.isDone() || e instanceof java.net.SocketTimeoutException) {
                throw new TimeoutException();
            }
            throw e;
        } finally {
            cut.cancel(false);
            closeQuietly(plain);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    private X509Certificate handshake(Socket plain, InetSocketAddress address, String host, int millis)
            throws IOException {
        plain.connect(address, millis);
        plain.setSoTimeout(millis);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, address.getPort(), true)) {
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
            if (cause instanceof CertPathValidatorException
                    || String.valueOf(cause.getMessage()).contains("PKIX path")) {
                return "the certificate of " + host + " is not trusted: no path to a trusted CA";
            }
        }
        return "the TLS handshake with " + host + " failed: " + message;
    }

    private String sharingPathProblem(URI endpoint, Duration timeout) {
        String base = endpoint.toString().replaceAll("/+$", "");
        URI shares = URI.create(base + PublicEndpoint.SHARING_PATH + "/shares");
        try {
            // The request's timeout runs from the start, connection included.
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(shares).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answersAsLakeshare(response.statusCode(), response.body())
                    ? null
                    : "GET " + shares + " without a token answered " + response.statusCode()
                            + ", not the 401 of a Delta Sharing server: check the ingress routing";
        } catch (IOException e) {
            return "GET " + shares + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "GET " + shares + " was interrupted";
        }
    }

    /**
     * Without a token a Delta Sharing server answers 401. A replica that is shedding load (429) or
     * shutting down (503) answers with the protocol's error body instead: the route still reaches
     * Lakeshare, and calling the endpoint down then would pull every replica at the busiest moment.
     */
    static boolean answersAsLakeshare(int status, String body) {
        return status == 401 || (status == 429 || status == 503) && body != null && body.contains("\"errorCode\"");
    }
}
