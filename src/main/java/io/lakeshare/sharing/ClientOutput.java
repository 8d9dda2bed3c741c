package io.lakeshare.sharing;

import io.lakeshare.errors.ClientGone;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body stream whose write failures say what they are: {@link ClientGone}. Failures
 * reading from storage stay what they are, errors.
 */
final class ClientOutput extends FilterOutputStream {

    ClientOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new ClientGone(e);
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
