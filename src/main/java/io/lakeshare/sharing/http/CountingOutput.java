package io.lakeshare.sharing.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * A response body stream that reports each write as it succeeds, so that a download cut short (its
 * client went away, or the server cut it at shutdown) still counts the bytes it did send, and a
 * long one shows on the counter while it runs.
 */
final class CountingOutput extends FilterOutputStream {

    private final LongConsumer written;

    CountingOutput(OutputStream out, LongConsumer written) {
        super(out);
        this.written = written;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written.accept(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written.accept(len);
    }
}
