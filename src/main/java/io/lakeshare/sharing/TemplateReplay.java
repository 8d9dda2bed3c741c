package io.lakeshare.sharing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Replays kept line templates into an answer. Filling a template in is mostly its URL's signature,
 * and writing the line is a copy: where a core is free, a second thread reads and signs batches of
 * lines ahead of the thread that writes them, so that one answer uses two cores. When none is free
 * (other answers are using them) the answer's own thread does both, as it would alone: a busy
 * server gains nothing from handing work between threads.
 */
final class TemplateReplay implements AutoCloseable {

    /** Batches signed ahead of the writer, per answer: enough to keep both threads busy, bounded in memory. */
    static final int BATCHES_AHEAD = 3;

    private final int batchBytes;
    private final Semaphore signers;
    private final ExecutorService threads;

    /**
     * {@code signerThreads} answers at a time get a signing thread (0: none do); a batch holds lines
     * up to about {@code batchBytes}.
     */
    TemplateReplay(int signerThreads, int batchBytes) {
        this.batchBytes = batchBytes;
        this.signers = new Semaphore(signerThreads);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lakeshare-line-signer");
            t.setDaemon(true);
            return t;
        });
    }

    /** One signing thread fewer than the cores: the answer's own thread writes. */
    static int defaultSignerThreads() {
        return Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Writes the line of each template in {@code kept}, in order; returns how many. Answers of a
     * batch or two are written by their own thread: handing them over would cost more than it saves.
     */
    long replay(Path kept, LineTemplate.Fill fill, LineSink lines) throws IOException {
        if (Files.size(kept) < 2L * batchBytes || !signers.tryAcquire()) {
            return inline(kept, fill, lines);
        }
        Pipeline pipeline = new Pipeline(kept, fill);
        try {
            threads.execute(pipeline::sign);
        } catch (RejectedExecutionException closing) {
            signers.release();
            return inline(kept, fill, lines);
        }
        return pipeline.write(lines);
    }

    /** The answer's thread reads, signs and writes each line. */
    static long inline(Path kept, LineTemplate.Fill fill, LineSink lines) throws IOException {
        LineTemplate.Buffer line = new LineTemplate.Buffer();
        long count = 0;
        try (Records records = new Records(kept)) {
            while (records.next()) {
                LineTemplate.render(records.chunk, records.start, fill, line);
                lines.rendered(line.bytes, 0, line.length);
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /**
     * The records of a templates file, read in large chunks: after {@link #next()}, the record
     * starts at {@code chunk[start]}.
     */
    private static final class Records implements AutoCloseable {
        private final Path kept;
        private final InputStream in;
        byte[] chunk = new byte[1 << 18];
        int start;
        private int end;
        private int length;

        Records(Path kept) throws IOException {
            this.kept = kept;
            this.in = Files.newInputStream(kept);
        }

        boolean next() throws IOException {
            start += length;
            length = 0;
            while (end - start < 4 || end - start < LineTemplate.recordLength(chunk, start)) {
                // Move what is left of a record to the front, grow for a record larger than the chunk, refill.
                int left = end - start;
                int needed = left < 4 ? 4 : LineTemplate.recordLength(chunk, start);
                byte[] next = needed > chunk.length ? new byte[needed] : chunk;
                System.arraycopy(chunk, start, next, 0, left);
                chunk = next;
                start = 0;
                end = left;
                int read = in.readNBytes(chunk, end, chunk.length - end);
                if (read == 0 && left == 0) {
                    return false;
                }
                if (read == 0) {
                    throw new EOFException("The rendered lines in " + kept + " end within a record");
                }
                end += read;
            }
            length = LineTemplate.recordLength(chunk, start);
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A batch of whole lines, each with its newline, or the end of the answer's lines. */
    private record Batch(LineTemplate.Buffer lines, int count, Throwable failure) {
        static final Batch END = new Batch(null, 0, null);
    }

    /** One answer's two threads: the signer fills batches, the answer's thread writes them. */
    private final class Pipeline {
        private final Path kept;
        private final LineTemplate.Fill fill;
        private final BlockingQueue<Batch> signed = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        private final BlockingQueue<LineTemplate.Buffer> spare = new ArrayBlockingQueue<>(BATCHES_AHEAD + 2);
        private volatile boolean abandoned;

        Pipeline(Path kept, LineTemplate.Fill fill) {
            this.kept = kept;
            this.fill = fill;
        }

        /** On the signing thread: every line into batches, then the end (or what failed). */
        void sign() {
            Batch last = Batch.END;
            try (Records records = new Records(kept)) {
                LineTemplate.Buffer batch = buffer();
                int count = 0;
                while (!abandoned && records.next()) {
                    LineTemplate.append(records.chunk, records.start, fill, batch);
                    batch.append((byte) '\n');
                    count++;
                    if (batch.length >= batchBytes) {
                        hand(new Batch(batch, count, null));
                        batch = buffer();
                        count = 0;
                    }
                }
                if (count > 0) {
                    hand(new Batch(batch, count, null));
                }
            } catch (Throwable failure) {
                last = new Batch(null, 0, failure);
            } finally {
                try {
                    hand(last);
                } finally {
                    signers.release();
                }
            }
        }

        private LineTemplate.Buffer buffer() {
            LineTemplate.Buffer b = spare.poll();
            if (b == null) {
                b = new LineTemplate.Buffer();
                b.bytes = new byte[batchBytes + (batchBytes >> 2)];
            }
            b.length = 0;
            return b;
        }

        /** Waits for room, unless the answer was abandoned: then nobody will take the batch. */
        private void hand(Batch batch) {
            try {
                while (!abandoned) {
                    if (signed.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned = true;
            }
        }

        /** On the answer's thread: writes batches as they come; returns the lines written. */
        long write(LineSink lines) throws IOException {
            long count = 0;
            try {
                while (true) {
                    Batch batch = signed.take();
                    if (batch.failure() != null) {
                        throw rethrown(batch.failure());
                    }
                    if (batch == Batch.END) {
                        return count;
                    }
                    lines.renderedLines(batch.lines().bytes, 0, batch.lines().length);
                    count += batch.count();
                    spare.offer(batch.lines());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while writing the lines of " + kept);
            } finally {
                // The client went away, or the answer failed: the signer stops at its next batch.
                abandoned = true;
                signed.clear();
            }
        }

        private IOException rethrown(Throwable failure) {
            if (failure instanceof IOException io) {
                return io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(failure));
        }
    }
}
