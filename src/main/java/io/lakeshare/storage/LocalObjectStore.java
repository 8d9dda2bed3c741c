package io.lakeshare.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Buckets as directories under one root: the embedded default's warehouse. */
public class LocalObjectStore implements ObjectStore {

    private final Path root;

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
            throw new StorageException(StorageException.Kind.UNREACHABLE, "The local warehouse " + root + " is not a readable directory", null);
        }
        return "warehouse directory " + root + " is readable";
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix, int max) {
        Path bucketDir = bucketDir(bucket);
        // Walk from the deepest directory the prefix names, then keep the keys that match it fully.
        Path start = inside(bucketDir, directoryOf(prefix), bucket);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> keyOf(bucketDir, p))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .limit(max)
                    .map(key -> stat(bucketDir, key))
                    .toList();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + bucket + "/" + prefix + " in the local warehouse", e);
        }
    }

    @Override
    public Iterator<StoredObject> listFrom(String bucket, String keyFrom) {
        Path bucketDir = bucketDir(bucket);
        Path dir = inside(bucketDir, directoryOf(keyFrom), bucket);
        if (!Files.isDirectory(dir)) {
            return List.<StoredObject>of().iterator();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> keyOf(bucketDir, p))
                    .filter(key -> key.compareTo(keyFrom) >= 0)
                    .sorted()
                    .map(key -> stat(bucketDir, key))
                    .toList().iterator();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + bucket + "/" + directoryOf(keyFrom) + " in the local warehouse", e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) {
        Path bucketDir = bucketDir(bucket);
        Path file = inside(bucketDir, key, bucket);
        return Files.isRegularFile(file) ? Optional.of(stat(bucketDir, key)) : Optional.empty();
    }

    @Override
    public InputStream read(String bucket, String key, long offset, long length) {
        Path file = inside(bucketDir(bucket), key, bucket);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (NoSuchFileException e) {
            throw new StorageException("No object " + bucket + "/" + key, e);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + bucket + "/" + key, e);
        }
    }

    private Path bucketDir(String bucket) {
        Path dir = root.resolve(bucket).normalize();
        if (dir.getParent() == null || !dir.getParent().equals(root)) {
            throw new StorageException("Invalid bucket '" + bucket + "'", null);
        }
        if (!Files.isDirectory(dir)) {
            throw new StorageException("Bucket '" + bucket + "' does not exist in the local warehouse " + root, new NoSuchFileException(dir.toString()));
        }
        return dir;
    }

    /** Resolves a key inside a bucket, refusing keys that would climb out of it. */
    private static Path inside(Path bucketDir, String key, String bucket) {
        Path path = bucketDir.resolve(key).normalize();
        if (!path.startsWith(bucketDir)) {
            throw new StorageException("Key '" + key + "' leaves bucket '" + bucket + "'", null);
        }
        return path;
    }

    private static String directoryOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    private static String keyOf(Path bucketDir, Path file) {
        return bucketDir.relativize(file).toString().replace('\\', '/');
    }

    private static StoredObject stat(Path bucketDir, String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(bucketDir.resolve(key), BasicFileAttributes.class);
            return new StoredObject(key, a.size(), a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            throw new StorageException("Cannot read " + key, e);
        }
    }
}
