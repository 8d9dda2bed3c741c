package io.lakeshare.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
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
    public List<StoredObject> list(String bucket, String prefix, int max) {
        Path bucketDir = bucketDir(bucket);
        // Walk from the deepest directory the prefix names, then keep the keys that match it fully.
        int slash = prefix.lastIndexOf('/');
        Path start = bucketDir.resolve(slash < 0 ? "" : prefix.substring(0, slash)).normalize();
        if (!start.startsWith(bucketDir)) {
            throw new StorageException("Prefix '" + prefix + "' leaves bucket '" + bucket + "'", null);
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> bucketDir.relativize(p).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .limit(max)
                    .map(key -> stat(bucketDir, key))
                    .toList();
        } catch (IOException e) {
            throw new StorageException("Cannot list " + bucket + "/" + prefix + " in the local warehouse", e);
        }
    }

    private Path bucketDir(String bucket) {
        Path dir = root.resolve(bucket).normalize();
        if (!dir.getParent().equals(root)) {
            throw new StorageException("Invalid bucket '" + bucket + "'", null);
        }
        if (!Files.isDirectory(dir)) {
            throw new StorageException("Bucket '" + bucket + "' does not exist in the local warehouse " + root, new NoSuchFileException(dir.toString()));
        }
        return dir;
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
