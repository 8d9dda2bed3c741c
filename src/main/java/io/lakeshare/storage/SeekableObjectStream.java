package io.lakeshare.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A seekable stream over an object: it reads on from where it is, and a seek elsewhere opens a new
 * ranged read there. The one such stream under every table library (Delta Kernel's and Iceberg's
 * file readers adapt it to their own stream types): Parquet footers and column chunks, Avro
 * manifests and log files are all read through it. Objects small enough are read whole once and
 * served from memory, as readers that seek often (Avro) want.
 */
public final class SeekableObjectStream extends InputStream {

    /** The most one read asks of the underlying stream (callers loop, as InputStream's contract has them). */
    static final int MAX_READ = 64 * 1024;

    /** Opens the object's bytes from an offset to its end. */
    public interface Opener {
        InputStream openFrom(long offset) throws IOException;
    }

    private final Opener opener;
    private final long size;
    private final String name;
    private byte[] whole;
    private InputStream in;
    private long pos;

    private SeekableObjectStream(Opener opener, long size, String name) {
        this.opener = opener;
        this.size = size;
        this.name = name;
    }

    /** Ranged reads of an object of {@code size} bytes ({@code Long.MAX_VALUE} when unknown). */
    public static SeekableObjectStream ranged(Opener opener, long size, String name) {
        return new SeekableObjectStream(opener, size, name);
    }

    /** An object of {@code size} bytes read whole at once, for readers that seek back and forth. */
    public static SeekableObjectStream whole(Opener opener, long size, String name) throws IOException {
        SeekableObjectStream stream = new SeekableObjectStream(opener, size, name);
        try (InputStream all = opener.openFrom(0)) {
            stream.whole = all.readAllBytes();
        }
        return stream;
    }

    /** {@code bucket}/{@code key} of {@code store}, from where a seek lands. */
    public static SeekableObjectStream of(ObjectStore store, String bucket, String key, long size) {
        return ranged(offset -> store.read(bucket, key, offset, -1), size, bucket + "/" + key);
    }

    public long position() {
        return pos;
    }

    public void seek(long newPos) throws IOException {
        if (newPos != pos) {
            closeRange();
            pos = newPos;
        }
    }

    @Override
    public int read() throws IOException {
        if (whole != null) {
            return pos < whole.length ? whole[(int) pos++] & 0xff : -1;
        }
        if (pos >= size) {
            return -1;
        }
        int b = range().read();
        if (b >= 0) {
            pos++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (whole != null) {
            if (pos >= whole.length) {
                return -1;
            }
            int n = (int) Math.min(len, whole.length - pos);
            System.arraycopy(whole, (int) pos, buffer, off, n);
            pos += n;
            return n;
        }
        if (pos >= size) {
            return -1;
        }
        // At most a chunk per read: a file channel copies each read through a temporary direct buffer
        // of the read's size, so one 2 MB read costs 2 MB outside the heap for each reader at once.
        int n = range().read(buffer, off, Math.min(len, MAX_READ));
        if (n > 0) {
            pos += n;
        }
        return n;
    }

    public void readFully(byte[] buffer, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(buffer, off + done, len - done);
            if (n < 0) {
                throw new EOFException("End of " + name + " after " + pos + " bytes");
            }
            done += n;
        }
    }

    @Override
    public void close() throws IOException {
        closeRange();
    }

    private InputStream range() throws IOException {
        if (in == null) {
            // Buffered: Parquet's footer and page readers also read a few bytes at a time.
            in = new java.io.BufferedInputStream(opener.openFrom(pos), 1 << 16);
        }
        return in;
    }

    private void closeRange() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }
}
