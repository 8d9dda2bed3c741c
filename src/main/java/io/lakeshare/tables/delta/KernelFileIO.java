package io.lakeshare.tables.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.SeekableObjectStream;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Delta Kernel's file access on the server's storage port: the log and checkpoints are read through
 * the same local or S3 stores as everything else, with no Hadoop FileSystem. Read-only.
 */
final class KernelFileIO implements FileIO {

    private final Storage storage;
    private final LogFileCache logCache;

    /** {@code logCache} may be null: then every read goes to storage. */
    KernelFileIO(Storage storage, LogFileCache logCache) {
        this.storage = storage;
        this.logCache = logCache;
    }

    @Override
    public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
        ObjectPath path = ObjectPath.parse(filePath);
        Iterator<StoredObject> objects = io(() -> store(path).listFrom(path.bucket(), path.key()));
        String dir = path.key().substring(0, path.key().lastIndexOf('/') + 1);
        // What the listing found goes to the log cache once it is read to the end (see LogFileCache);
        // a local table's listing (a /version, say) keeps nothing.
        java.util.List<StoredObject> listed =
                logCache != null && logCache.keepsCopiesOf(path.bucket()) ? new java.util.ArrayList<>() : null;
        return new CloseableIterator<>() {
            private boolean ended;

            @Override
            public boolean hasNext() {
                boolean more = objects.hasNext();
                if (!more && !ended && listed != null) {
                    ended = true;
                    logCache.listed(path.bucket(), dir, listed);
                }
                return more;
            }

            @Override
            public FileStatus next() {
                StoredObject o = objects.next();
                if (listed != null) {
                    listed.add(o);
                }
                return FileStatus.of(
                        ObjectPath.format(path.bucket(), o.key()),
                        o.size(),
                        o.lastModified().toEpochMilli());
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
        java.util.Optional<java.nio.file.Path> copy =
                logCache == null ? java.util.Optional.empty() : logCache.local(path, fileSize);
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
                return new KernelStream(SeekableObjectStream.of(
                        store(path), path.bucket(), path.key(), fileSize > 0 ? fileSize : Long.MAX_VALUE));
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
        public SeekableInputStream newStream() {
            return new KernelStream(SeekableObjectStream.ranged(
                    offset -> {
                        java.nio.channels.FileChannel channel =
                                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
                        channel.position(offset);
                        return java.nio.channels.Channels.newInputStream(channel);
                    },
                    length,
                    path));
        }
    }

    private ObjectStore store(ObjectPath path) {
        return storage.forBucket(path.bucket());
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("Lakeshare reads tables; it never writes them");
    }

    private interface StorageCall<T> {
        T run() throws IOException;
    }

    /** Kernel tells "not there" (an absent _last_checkpoint, say) from "could not read" by the exception type. */
    private static <T> T io(StorageCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (StorageException e) {
            if (e.missingObject()) {
                throw (IOException) new FileNotFoundException(e.getMessage()).initCause(e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The object store's seekable stream as Kernel's stream type. */
    private static final class KernelStream extends SeekableInputStream {
        private final SeekableObjectStream in;

        KernelStream(SeekableObjectStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return io(in::read);
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            return io(() -> in.read(buffer, off, len));
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
        public void readFully(byte[] buffer, int off, int len) throws IOException {
            io(() -> {
                in.readFully(buffer, off, len);
                return null;
            });
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
