package io.lakeshare.tables.iceberg;

import io.lakeshare.storage.Storage;
import io.lakeshare.tables.ObjectPath;
import java.io.ByteArrayOutputStream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg's file access for the metadata the server generates (Delta tables as Iceberg): reads as
 * {@link IcebergFileIO} does, and writes new objects whole, each only if absent, when its stream is
 * closed. Files are never overwritten nor deleted: what a failed generation leaves is unreferenced.
 */
final class GeneratedFileIO implements FileIO {

    private final Storage storage;
    private final IcebergLocations locations;
    private final IcebergFileIO reads;

    GeneratedFileIO(Storage storage, IcebergLocations locations) {
        this.storage = storage;
        this.locations = locations;
        this.reads = new IcebergFileIO(storage, locations);
    }

    @Override
    public InputFile newInputFile(String location) {
        return reads.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return reads.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        ObjectPath object = locations.resolve(location);
        return new OutputFile() {
            @Override
            public PositionOutputStream create() {
                return new Buffered(location, object);
            }

            @Override
            public PositionOutputStream createOrOverwrite() {
                return create();
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public InputFile toInputFile() {
                return reads.newInputFile(location);
            }
        };
    }

    /** Never deletes: Iceberg asks only to clean up after a failed commit, whose files nothing references. */
    @Override
    public void deleteFile(String location) {}

    private final class Buffered extends PositionOutputStream {
        private final String location;
        private final ObjectPath object;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        Buffered(String location, ObjectPath object) {
            this.location = location;
            this.object = object;
        }

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!storage.forBucket(object.bucket())
                    .createIfAbsent(object.bucket(), object.key(), bytes.toByteArray())) {
                throw new AlreadyExistsException("Generated file exists already: %s", location);
            }
        }
    }
}
