package io.lakeshare.sharing;

import io.lakeshare.errors.ClientGone;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * A response body stream whose write failures say what they are: {@link ClientGone}. Failures
 * reading from storage stay what they are, errors. Given a way to see that the connection has closed,
 * it fails writes from then on: the HTTP layer may accept bytes for a connection that is gone
 * without complaint, and a download would go on reading from storage for nobody.
 */
public final class ClientOutput extends FilterOutputStream {

    private final BooleanSupplier connectionClosed;

    public ClientOutput(OutputStream out) {
        this(out, () -> false);
    }

    public ClientOutput(OutputStream out, BooleanSupplier connectionClosed) {
        super(out);
        this.connectionClosed = connectionClosed;
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        try {
            out.write(b);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private void checkOpen() throws ClientGone {
        if (connectionClosed.getAsBoolean()) {
            throw new ClientGone(new IOException("The connection has been closed"));
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }
}
