package io.lakeshare.tables.delta;

import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import io.lakeshare.tables.DiskLru;
import io.lakeshare.tables.ObjectPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Keeps copies of Delta log files from object storage on local disk. Commit files and checkpoints
 * never change once written, so a copy stays good; without it every query of an S3 table would read
 * the whole checkpoint again over the network (158 MiB for a million files). Bounded in bytes;
 * the least recently used copies go first. {@code _last_checkpoint}, which does change, is never cached.
 */
final class LogFileCache {

    private static final Logger LOG = Logger.getLogger(LogFileCache.class);
    private static final Pattern IMMUTABLE = Pattern.compile(
            ".*_delta_log/(\\d{20}\\.json|\\d{20}\\.checkpoint[^/]*\\.parquet|_sidecars/[^/]+\\.parquet)");

    private final Storage storage;
    private final DiskLru disk;

    LogFileCache(Storage storage, Path dir, long maxBytes) {
        this.storage = storage;
        this.disk = new DiskLru(dir, maxBytes);
    }

    /** A local copy of the file, fetched now if need be; empty for files that are not cached. */
    Optional<Path> local(ObjectPath path, long size) {
        if (!disk.enabled()
                || size <= 0
                || size > disk.maxBytes() / 4
                || !IMMUTABLE.matcher(path.key()).matches()
                || !"s3".equals(storage.forBucket(path.bucket()).kind())) {
            return Optional.empty();
        }
        Path copy = disk.dir().resolve(name(path, size));
        try {
            if (Files.isRegularFile(copy) && Files.size(copy) == size) {
                disk.touch(copy);
                return Optional.of(copy);
            }
            Path partial = disk.temporary(".partial");
            try (InputStream in = storage.forBucket(path.bucket()).read(path.bucket(), path.key(), 0, -1)) {
                // Into the temporary file as created (its owner's only), not a replacement made as the umask says.
                try (OutputStream out = Files.newOutputStream(partial)) {
                    in.transferTo(out);
                }
            } catch (IOException | StorageException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            if (Files.size(partial) != size) {
                Files.deleteIfExists(partial);
                return Optional.empty();
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            disk.evict();
            return Optional.of(copy);
        } catch (IOException | StorageException | UncheckedIOException e) {
            // The cache only saves work: without it the file is read from storage as usual.
            LOG.warnf("Log file cache: cannot keep a copy of %s: %s", path, e.getMessage());
            return Optional.empty();
        }
    }

    private static String name(ObjectPath path, long size) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((path.bucket() + "/" + path.key() + "@" + size).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".log";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
