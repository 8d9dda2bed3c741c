package io.lakeshare.tables.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

/**
 * Delta Kernel's file access on the server's storage port: the log and checkpoints are read through
 * the same local or S3 stores as everything else, with no Hadoop FileSystem. Read-only.
 */
final class StorageFileIO implements FileIO {

    private final Storage storage;
    private final LogFileCache logCache;

    /** {@code logCache} may be null: then every read goes to storage. */
    StorageFileIO(Storage storage, LogFileCache logCache) {
        this.storage = storage;
        this.logCache = logCache;
    }

    @Override
    public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
        ObjectPath path = ObjectPath.parse(filePath);
        Iterator<StoredObject> objects = io(() -> store(path).listFrom(path.bucket(), path.key()));
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return objects.hasNext();
            }

            @Override
            public FileStatus next() {
                StoredObject o = objects.next();
                return FileStatus.of(ObjectPath.format(path.bucket(), o.key()), o.size(), o.lastModified().toEpochMilli());
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public FileStatus getFileStatus(String filePath) throws IOException {
        ObjectPath path = ObjectPath.parse(filePath);
        StoredObject o = io(() -> store(path).stat(path.bucket(), path.key()))
                .orElseThrow(() -> new FileNotFoundException(filePath));
        return FileStatus.of(filePath, o.size(), o.lastModified().toEpochMilli());
    }

    @Override
    public String resolvePath(String path) {
        return path;
    }

    @Override
    public InputFile newInputFile(String filePath, long fileSize) {
        ObjectPath path = ObjectPath.parse(filePath);
        java.util.Optional<java.nio.file.Path> copy = logCache == null ? java.util.Optional.empty() : logCache.local(path, fileSize);
        if (copy.isPresent()) {
            return new LocalCopy(filePath, copy.get(), fileSize);
        }
        return new InputFile() {
            @Override
            public long length() throws IOException {
                // Kernel passes 0 when it does not know the size (it reads _last_checkpoint that way).
                return fileSize > 0 ? fileSize : getFileStatus(filePath).getSize();
            }

            @Override
            public String path() {
                return filePath;
            }

            @Override
            public SeekableInputStream newStream() {
                return new RangedStream(store(path), path, fileSize > 0 ? fileSize : Long.MAX_VALUE);
            }
        };
    }

    @Override
    public Optional<String> getConf(String key) {
        return Optional.empty();
    }

    @Override
    public boolean mkdirs(String path) {
        throw readOnly();
    }

    @Override
    public OutputFile newOutputFile(String path) {
        throw readOnly();
    }

    @Override
    public boolean delete(String path) {
        throw readOnly();
    }

    @Override
    public void copyFileAtomically(String from, String to, boolean overwrite) {
        throw readOnly();
    }

    /** A log file read from its local copy. */
    private record LocalCopy(String path, java.nio.file.Path file, long length) implements InputFile {
        @Override
        public SeekableInputStream newStream() throws IOException {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
            InputStream in = java.nio.channels.Channels.newInputStream(channel);
            return new SeekableInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public long getPos() throws IOException {
                    return channel.position();
                }

                @Override
                public void seek(long pos) throws IOException {
                    channel.position(pos);
                }

                @Override
                public void readFully(byte[] b, int off, int len) throws IOException {
                    int done = 0;
                    while (done < len) {
                        int n = in.read(b, off + done, len - done);
                        if (n < 0) {
                            throw new java.io.EOFException("End of " + path + " at " + channel.position());
                        }
                        done += n;
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }

    private ObjectStore store(ObjectPath path) {
        return storage.forBucket(path.bucket());
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("Lakeshare reads tables; it never writes them");
    }

    private interface StorageCall<T> {
        T run();
    }

    private static <T> T io(StorageCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (StorageException e) {
            // Kernel tells "not there" (an absent _last_checkpoint, say) from "could not read" by this type.
            if (e.missingObject()) {
                throw (IOException) new FileNotFoundException(e.getMessage()).initCause(e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * A seekable stream over ranged reads: it reads on from where it is, and a seek elsewhere opens a
     * new ranged read (Parquet footers and column chunks are read this way).
     */
    private static final class RangedStream extends SeekableInputStream {
        private final ObjectStore store;
        private final ObjectPath path;
        private final long size;
        private InputStream in;
        private long pos;

        RangedStream(ObjectStore store, ObjectPath path, long size) {
            this.store = store;
            this.path = path;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            if (pos >= size) {
                return -1;
            }
            int b = stream().read();
            if (b >= 0) {
                pos++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (pos >= size) {
                return -1;
            }
            int n = stream().read(buffer, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos != pos) {
                closeStream();
                pos = newPos;
            }
        }

        @Override
        public void readFully(byte[] buffer, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
                int n = read(buffer, off + done, len - done);
                if (n < 0) {
                    throw new java.io.EOFException("End of " + path + " after " + pos + " bytes");
                }
                done += n;
            }
        }

        @Override
        public void close() throws IOException {
            closeStream();
        }

        private InputStream stream() throws IOException {
            if (in == null) {
                // Buffered: Parquet's footer and page readers also read a few bytes at a time.
                in = new java.io.BufferedInputStream(io(() -> store.read(path.bucket(), path.key(), pos, -1)), 1 << 16);
            }
            return in;
        }

        private void closeStream() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }
    }
}
