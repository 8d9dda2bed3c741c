package io.lakeshare.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The file system under an embedded catalog database, looked at before a write: one it cannot take
 * (read-only, or under {@value #MIN_FREE_BYTES} bytes free) is not attempted, because H2 closes
 * the whole database after a write that fails, under every read in flight. A file system holds no
 * surprise for a database on a server of its own (PostgreSQL), which refuses the write alone.
 */
@ApplicationScoped
public class CatalogDisk {

    /** Free space below which the file system of an embedded database counts as full. */
    static final long MIN_FREE_BYTES = 1L << 20;

    /** {@code reason}: a phrase any caller may see; {@code detail}: for the operator (names the directory). */
    public record Problem(String reason, String detail) {}

    private final Optional<Path> directory;

    @Inject
    CatalogDisk() {
        this(embeddedDirectory(ConfigProvider.getConfig()));
    }

    /** {@code directory}: where the embedded database's files are; empty for a database elsewhere. */
    public CatalogDisk(Optional<Path> directory) {
        this.directory = directory;
    }

    /** Where the embedded database's files are; empty for a database elsewhere. */
    public Optional<Path> directory() {
        return directory;
    }

    /** Why a write to the embedded database would fail now, if it is sure to. */
    public Optional<Problem> problem() {
        return directory.flatMap(CatalogDisk::problem);
    }

    private static Optional<Problem> problem(Path directory) {
        try {
            FileStore store = Files.getFileStore(directory); // afresh each time: it reads the mount's flags once
            if (store.isReadOnly()) {
                return Optional.of(
                        new Problem(CatalogFailures.READ_ONLY, "the file system of " + directory + " is read-only"));
            }
            long free = store.getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                return Optional.of(new Problem(
                        CatalogFailures.DISK_FULL,
                        "the file system of " + directory + " has " + free + " bytes free, under " + MIN_FREE_BYTES));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Problem(CatalogFailures.STORAGE_FAILED, "cannot look at " + directory + ": " + e));
        }
    }

    private static Optional<Path> embeddedDirectory(Config config) {
        return embeddedDirectory(
                config.getOptionalValue("quarkus.datasource.db-kind", String.class)
                        .orElse(""),
                config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                        .orElse(""));
    }

    /** The directory of an embedded H2 database's files, from its JDBC URL; empty for any other database. */
    static Optional<Path> embeddedDirectory(String dbKind, String url) {
        String prefix = "jdbc:h2:";
        if (!dbKind.equalsIgnoreCase("h2") || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        String name = url.substring(prefix.length()).split(";", 2)[0];
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
            return Optional.empty();
        }
        if (lower.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.ofNullable(Path.of(name).toAbsolutePath().getParent());
    }
}
