package io.lakeshare.ops.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An unfinished response is counted by who ended it: canceled when its client went away, aborted
 * when this server cut it at the shutdown deadline. On a real HTTP server, with a stream that never
 * ends by itself.
 */
class InFlightRequestsTest {

    private Vertx vertx;
    private HttpServer server;
    private SimpleMeterRegistry registry;
    private InFlightRequests requests;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        requests = new InFlightRequests();
        requests.metrics = new LakeshareMetrics(registry);
        requests.audit = new AuditLog();
        Router router = Router.router(vertx);
        requests.register(router);
        router.get("/stream")
                .handler(request -> request.response().setChunked(true).write("first line\n"));
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Opens a stream and reads its first line; the server goes on with it until someone ends it. */
    private Socket streaming() throws IOException, InterruptedException {
        Socket client = new Socket("127.0.0.1", server.actualPort());
        client.getOutputStream()
                .write("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = client.getInputStream();
        StringBuilder received = new StringBuilder();
        while (!received.toString().contains("first line")) {
            int b = in.read();
            assertTrue(b >= 0, "the stream's first line arrives");
            received.append((char) b);
        }
        waitFor(() -> requests.count() == 1);
        return client;
    }

    private double counted(String name) {
        return registry.get(name).counter().count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertTrue(condition.getAsBoolean(), "not within 5 s");
    }

    @Test
    void aClientThatGoesAwayIsCanceled() throws Exception {
        streaming().close();

        waitFor(() -> requests.count() == 0);
        assertEquals(1, counted("lakeshare.requests.canceled"));
        assertEquals(0, counted("lakeshare.requests.aborted"));
    }

    @Test
    void aStreamCutAtTheShutdownDeadlineIsAbortedNotCanceled() throws Exception {
        try (Socket client = streaming()) {
            GracefulShutdown shutdown = new GracefulShutdown();
            shutdown.requests = requests;
            shutdown.gracePeriod = Optional.of(Duration.ofMillis(200));
            shutdown.onStop(null);

            waitFor(() -> requests.count() == 0);
            assertEquals(1, counted("lakeshare.requests.aborted"));
            assertEquals(0, counted("lakeshare.requests.canceled"));
            byte[] rest = client.getInputStream().readAllBytes();
            assertFalse(
                    new String(rest, StandardCharsets.US_ASCII).contains("0\r\n\r\n"),
                    "the client never sees the stream's end");
        }
    }
}
