package io.lakeshare.sharing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bytes streamed are the bytes written, whether or not the stream gets to its end. */
class CountingOutputTest {

    /** A connection that takes up to {@code capacity} bytes, then fails, from then on, as a closed socket does. */
    private static OutputStream connectionFailingAfter(long capacity) {
        return new OutputStream() {
            long taken;
            boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed || taken + len > capacity) {
                    closed = true;
                    throw new IOException("Connection reset by peer");
                }
                taken += len;
            }
        };
    }

    @Test
    void aCompleteTransferCountsEveryByte() throws IOException {
        AtomicLong counted = new AtomicLong();
        new ByteArrayInputStream(new byte[100_000])
                .transferTo(new CountingOutput(OutputStream.nullOutputStream(), counted::addAndGet));
        assertEquals(100_000, counted.get());
    }

    @Test
    void aTransferCutShortCountsWhatWasWrittenBeforeTheFailure() throws IOException {
        AtomicLong counted = new AtomicLong();
        CountingOutput out = new CountingOutput(connectionFailingAfter(20_000), counted::addAndGet);
        byte[] chunk = new byte[8_000];
        out.write(chunk, 0, chunk.length);
        out.write(chunk, 0, chunk.length);
        assertThrows(IOException.class, () -> out.write(chunk, 0, chunk.length));
        assertThrows(IOException.class, () -> out.write(1));
        assertEquals(16_000, counted.get(), "the two chunks the connection took, nothing of the failed writes");
    }
}
