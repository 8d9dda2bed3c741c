package io.lakeshare.tables.iceberg;

import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.SeekableObjectStream;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
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
final class IcebergFileIO implements FileIO {

    private static final long WHOLE_BELOW = 16L << 20;

    private final Storage storage;
    private final IcebergLocations locations;

    IcebergFileIO(Storage storage, IcebergLocations locations) {
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
            return store.stat(object.bucket(), object.key())
                    .orElseThrow(() -> new NotFoundException("No such object: %s", location));
        }

        @Override
        public SeekableInputStream newStream() {
            long size = getLength();
            SeekableObjectStream.Opener opener = offset -> open(offset, -1);
            try {
                return new IcebergStream(
                        size < WHOLE_BELOW
                                ? SeekableObjectStream.whole(opener, size, location)
                                : SeekableObjectStream.ranged(opener, size, location));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + location, e);
            }
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

    /** The object store's seekable stream as Iceberg's stream type. */
    private static final class IcebergStream extends SeekableInputStream {
        private final SeekableObjectStream in;

        IcebergStream(SeekableObjectStream in) {
            this.in = in;
        }

        @Override
        public long getPos() {
            return in.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
            in.seek(newPos);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
