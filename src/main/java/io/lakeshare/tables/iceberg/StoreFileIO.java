package io.lakeshare.tables.iceberg;

import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Iceberg's file access on the storage port, read-only: no Hadoop, no class loaded by name. Small
 * objects (metadata, manifest lists, manifests) are read whole, since the Avro reader seeks often;
 * larger ones are read by range from where a seek lands.
 */
final class StoreFileIO implements FileIO {

    private static final long WHOLE_BELOW = 16L << 20;

    private final Storage storage;
    private final IcebergLocations locations;

    StoreFileIO(Storage storage, IcebergLocations locations) {
        this.storage = storage;
        this.locations = locations;
    }

    @Override
    public InputFile newInputFile(String location) {
        return new StoreInputFile(location, locations.resolve(location), -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new StoreInputFile(location, locations.resolve(location), length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        throw new UnsupportedOperationException("Lakeshare reads tables; it never writes them");
    }

    @Override
    public void deleteFile(String location) {
        throw new UnsupportedOperationException("Lakeshare reads tables; it never writes them");
    }

    private final class StoreInputFile implements InputFile {
        private final String location;
        private final ObjectPath object;
        private final ObjectStore store;
        private long length;

        StoreInputFile(String location, ObjectPath object, long length) {
            this.location = location;
            this.object = object;
            this.store = storage.forBucket(object.bucket());
            this.length = length;
        }

        @Override
        public long getLength() {
            if (length < 0) {
                length = stat().size();
            }
            return length;
        }

        private StoredObject stat() {
            return store.stat(object.bucket(), object.key()).orElseThrow(() -> new NotFoundException("No such object: %s", location));
        }

        @Override
        public SeekableInputStream newStream() {
            long size = getLength();
            if (size < WHOLE_BELOW) {
                try (InputStream in = open(0, -1)) {
                    return new BytesStream(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + location, e);
                }
            }
            return new RangeStream(this, size);
        }

        InputStream open(long offset, long count) {
            try {
                return store.read(object.bucket(), object.key(), offset, count);
            } catch (StorageException e) {
                if (e.missingObject()) {
                    throw new NotFoundException(e, "No such object: %s", location);
                }
                throw e;
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            return store.stat(object.bucket(), object.key()).isPresent();
        }
    }

    /** An object held in memory. */
    private static final class BytesStream extends SeekableInputStream {
        private final byte[] bytes;
        private int pos;

        BytesStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = (int) Math.min(newPos, bytes.length);
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** A large object read from wherever the last seek landed. */
    private static final class RangeStream extends SeekableInputStream {
        private final StoreInputFile file;
        private final long size;
        private InputStream in;
        private long pos;

        RangeStream(StoreInputFile file, long size) {
            this.file = file;
            this.size = size;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos != pos) {
                close();
                pos = newPos;
            }
        }

        private InputStream in() {
            if (in == null) {
                in = pos >= size ? new ByteArrayInputStream(new byte[0]) : file.open(pos, -1);
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            int b = in().read();
            if (b >= 0) {
                pos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in().read(b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}
