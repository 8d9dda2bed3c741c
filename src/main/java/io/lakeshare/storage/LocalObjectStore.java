package io.lakeshare.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Buckets as directories under one root: the embedded default's warehouse.
 *
 * <p>Nothing outside the root is ever read. Keys are resolved lexically first ({@code ..}, absolute
 * keys and names no file system accepts are refused), then by their real path: a symbolic link is
 * followed only when where it leads is inside the root too (an owner may link a bucket or a table to
 * another directory of the warehouse); one that leads out is treated as missing, and logged, for
 * every operation alike, so that a table writer who can place links in the warehouse cannot make the
 * server serve {@code /etc/passwd} or another directory of the machine as a data file, a log commit
 * or metadata. Files are opened at the real path checked, never through a link again.
 */
public class LocalObjectStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(LocalObjectStore.class);

    private final Path root;
    private volatile Path realRoot;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String ping(Duration timeout) {
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new StorageException(
                    StorageException.Kind.UNREACHABLE,
                    "The local warehouse " + root + " is not a readable directory",
                    null);
        }
        return "warehouse directory " + root + " is readable";
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix, int max) {
        Path bucketDir = bucketDir(bucket);
        // Walk from the deepest directory the prefix names, then keep the keys that match it fully.
        String startKey = directoryOf(prefix);
        Path start = inside(bucketDir, startKey, bucket);
        if (!isContainedDirectory(start, bucket, startKey)) {
            return List.of();
        }
        Map<String, Path> files = new TreeMap<>();
        try {
            Files.walkFileTree(
                    start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            // A linked directory is walked only if it really is inside the warehouse.
                            return dir.equals(start) || isContainedDirectory(dir, bucket, keyOf(bucketDir, dir))
                                    ? FileVisitResult.CONTINUE
                                    : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String key = keyOf(bucketDir, file);
                            if (attrs.isRegularFile() && key.startsWith(prefix)) {
                                files.put(key, file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
                                // A link back up the tree, or a file gone since: nothing to list there.
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new StorageException("Cannot list " + bucket + "/" + prefix + " in the local warehouse", e);
        }
        return files.entrySet().stream()
                .flatMap(e -> objectAt(e.getValue(), bucket, e.getKey()).stream())
                .limit(max)
                .toList();
    }

    @Override
    public Iterator<StoredObject> listFrom(String bucket, String keyFrom) {
        Path bucketDir = bucketDir(bucket);
        String dirKey = directoryOf(keyFrom);
        Path dir = inside(bucketDir, dirKey, bucket);
        if (!isContainedDirectory(dir, bucket, dirKey)) {
            return List.<StoredObject>of().iterator();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> Map.entry(keyOf(bucketDir, p), p))
                    .filter(e -> e.getKey().compareTo(keyFrom) >= 0)
                    .sorted(Map.Entry.comparingByKey())
                    .flatMap(e -> entryAt(e.getValue(), bucket, e.getKey()).stream())
                    .toList()
                    .iterator();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + bucket + "/" + dirKey + " in the local warehouse", e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) {
        Path bucketDir = bucketDir(bucket);
        return objectAt(inside(bucketDir, key, bucket), bucket, key);
    }

    @Override
    public InputStream read(String bucket, String key, long offset, long length) {
        Path file = inside(bucketDir(bucket), key, bucket);
        Path real = realInside(file, bucket, key)
                .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .orElseThrow(() -> missing(bucket, key));
        try {
            // At the real path checked, refusing a link put there since: the check cannot be raced past.
            FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (NoSuchFileException e) {
            throw missing(bucket, key);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + bucket + "/" + key, e);
        }
    }

    @Override
    public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
        Path bucketDir = bucketDir(bucket);
        Path file = inside(bucketDir, key, bucket);
        if (file.equals(bucketDir)) {
            throw new StorageException(StorageException.Kind.REFUSED, "Cannot write the bucket itself", null);
        }
        try {
            Path dir = file.getParent();
            // Directories are made only below one that really is inside the warehouse.
            Path existing = dir;
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (realInside(existing, bucket, directoryOf(key)).isEmpty()) {
                throw new StorageException(
                        StorageException.Kind.REFUSED,
                        "Cannot write " + bucket + "/" + key + ": its directory is not inside the warehouse",
                        null);
            }
            Files.createDirectories(dir);
            // The directory, as created, must really be inside the warehouse (no link leading out).
            Path realDir = realInside(dir, bucket, directoryOf(key))
                    .filter(Files::isDirectory)
                    .orElseThrow(() -> new StorageException(
                            StorageException.Kind.REFUSED,
                            "Cannot write " + bucket + "/" + key + ": its directory is not inside the warehouse",
                            null));
            Path target = realDir.resolve(file.getFileName());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Path temp = Files.createTempFile(realDir, ".write-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    // A hard link is made atomically, and never over an existing file.
                    Files.createLink(target, temp);
                } catch (UnsupportedOperationException e) {
                    Files.move(temp, target);
                }
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot write " + bucket + "/" + key + " in the local warehouse", e);
        }
    }

    private Path bucketDir(String bucket) {
        Path dir;
        try {
            dir = root.resolve(bucket).normalize();
        } catch (InvalidPathException e) {
            throw new StorageException("Invalid bucket '" + bucket + "'", null);
        }
        if (dir.getParent() == null || !dir.getParent().equals(root)) {
            throw new StorageException("Invalid bucket '" + bucket + "'", null);
        }
        if (!isContainedDirectory(dir, bucket, "")) {
            throw new StorageException(
                    "Bucket '" + bucket + "' does not exist in the local warehouse " + root,
                    new NoSuchFileException(dir.toString()));
        }
        return dir;
    }

    /** Resolves a key inside a bucket, refusing keys that would climb out of it or that name no possible file. */
    private static Path inside(Path bucketDir, String key, String bucket) {
        Path path;
        try {
            path = bucketDir.resolve(key).normalize();
        } catch (InvalidPathException e) {
            // A NUL in a key, say: no file can have that name.
            throw missing(bucket, key);
        }
        if (!path.startsWith(bucketDir)) {
            throw new StorageException("Key '" + key + "' leaves bucket '" + bucket + "'", null);
        }
        return path;
    }

    /** The object at {@code path}, if it is a regular file whose real path is inside the warehouse. */
    private Optional<StoredObject> objectAt(Path path, String bucket, String key) {
        return realInside(path, bucket, key).flatMap(real -> {
            try {
                BasicFileAttributes a =
                        Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isRegularFile()
                        ? Optional.of(new StoredObject(
                                key, a.size(), a.lastModifiedTime().toInstant()))
                        : Optional.empty();
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new StorageException("Cannot read " + bucket + "/" + key, e);
            }
        });
    }

    /**
     * The object at {@code path}, an entry of a directory already known to be inside the warehouse:
     * only a link needs its real path looked up, which saves a look-up per commit in a long log.
     */
    private Optional<StoredObject> entryAt(Path path, String bucket, String key) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read " + bucket + "/" + key, e);
        }
        if (a.isSymbolicLink()) {
            return objectAt(path, bucket, key);
        }
        return a.isRegularFile()
                ? Optional.of(
                        new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()))
                : Optional.empty();
    }

    private boolean isContainedDirectory(Path path, String bucket, String key) {
        return realInside(path, bucket, key).filter(Files::isDirectory).isPresent();
    }

    /**
     * Where {@code path} really is, all links followed, when that is inside the warehouse; empty when
     * nothing is there, or when it leads out of the warehouse, which is logged: only a link placed in
     * the warehouse can do that.
     */
    private Optional<Path> realInside(Path path, String bucket, String key) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException | FileSystemLoopException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read " + bucket + "/" + key, e);
        }
        if (!real.startsWith(realRoot())) {
            LOG.warnf(
                    "Refused %s/%s in the local warehouse: it is a link to %s, outside the warehouse %s; it is treated as missing",
                    bucket, key, real, root);
            return Optional.empty();
        }
        return Optional.of(real);
    }

    /** The root with its own links resolved (a warehouse may well be reached through one), once it exists. */
    private Path realRoot() {
        Path real = realRoot;
        if (real == null) {
            try {
                real = root.toRealPath();
            } catch (IOException e) {
                throw new StorageException("The local warehouse " + root + " is not a readable directory", e);
            }
            realRoot = real;
        }
        return real;
    }

    private static StorageException missing(String bucket, String key) {
        return new StorageException("No object " + bucket + "/" + key, new NoSuchFileException(bucket + "/" + key));
    }

    private static String directoryOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    private static String keyOf(Path bucketDir, Path file) {
        return bucketDir.relativize(file).toString().replace('\\', '/');
    }
}
