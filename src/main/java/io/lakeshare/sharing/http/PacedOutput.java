package io.lakeshare.sharing.http;

import io.vertx.core.Context;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a stream written from a worker thread within a bounded distance of its connection's event
 * loop. Vert.x hands each write from a worker to the event loop as a task, and its backpressure
 * (the write queue being full) only counts what the event loop has already taken: when the cores are
 * busy with many streams, the tasks, each holding a direct buffer, pile up faster than the event loop
 * runs them, and memory outside the heap grows with the response. Every {@link #FENCE_BYTES} this
 * waits until the event loop has run a task of its own, queued behind those writes, so that at most
 * that much (and the connection's own buffer) is ever waiting per stream.
 */
final class PacedOutput extends OutputStream {

    static final int FENCE_BYTES = 256 * 1024;
    private static final long FENCE_WAIT_SECONDS = 60;

    private final OutputStream out;
    private final Context eventLoop;
    private long sinceFence;

    private PacedOutput(OutputStream out, Context eventLoop) {
        this.out = out;
        this.eventLoop = eventLoop;
    }

    /** {@code out} paced by the event loop of the request's connection, when there is one to pace by. */
    static OutputStream of(OutputStream out, RoutingContext routing) {
        if (routing != null && routing.request() instanceof HttpServerRequestInternal request) {
            Context context = request.context();
            if (context != null && context.isEventLoopContext()) {
                return new PacedOutput(out, context);
            }
        }
        return out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        wrote(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        wrote(len);
    }

    private void wrote(int bytes) throws IOException {
        sinceFence += bytes;
        if (sinceFence >= FENCE_BYTES && !Context.isOnEventLoopThread()) {
            sinceFence = 0;
            CountDownLatch reached = new CountDownLatch(1);
            eventLoop.runOnContext(ignored -> reached.countDown());
            try {
                // A connection gone quiet is cut by the idle timeout; the next write then fails.
                reached.await(FENCE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the response was being written");
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
