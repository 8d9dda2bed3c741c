package io.lakeshare.ops;

import io.agroal.api.AgroalPoolInterceptor;
import io.lakeshare.catalog.CatalogDisk;
import io.lakeshare.config.LakeshareConfig;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.TablesConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The server's own directories are its user's only: the data directory holds the catalog (the
 * hashes of recipients' tokens, the keys that sign file URLs for any share) and the generated
 * admin credential; the spool and the log cache hold what shared tables contain. Each (and the
 * default local warehouse, within the data directory) is made
 * mode 0700 when the server creates it, before the catalog database is opened in it; one that
 * already exists open to others is left as it is (its owner may mean it) and warned about. The
 * embedded database's files are made 0600 at start, since H2 creates them as the process's umask
 * says.
 *
 * <p>The directories are prepared when the connection pool is made, which asks for its interceptors
 * (this is one, doing nothing to connections) before it opens its first connection: that is the
 * first moment the runtime configuration is known and the last before H2 would create the
 * directory itself.
 */
@Singleton
public class DataDirectory implements AgroalPoolInterceptor {

    private static final Logger LOG = Logger.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    @Inject
    LakeshareConfig config;

    @Inject
    TablesConfig tables;

    @Inject
    StorageConfig storage;

    @Inject
    CatalogDisk catalogDisk;

    @PostConstruct
    void beforeTheCatalogOpens() {
        prepare(config.dataDir(), "the catalog and the admin credential");
        prepare(tables.spoolDir(), "file lists of shared tables");
        prepare(tables.logCacheDir(), "copies of shared tables' logs");
        // The local warehouse is the owner's, wherever it is; the default one, in the data directory,
        // is made (empty) so that a first start is ready, its store answering.
        Path warehouse = storage.local().root().toAbsolutePath();
        if (warehouse.startsWith(config.dataDir()) && !Files.exists(warehouse)) {
            prepare(warehouse, "the local warehouse");
        }
    }

    void onStart(@Observes StartupEvent event) {
        catalogDisk.directory().ifPresent(DataDirectory::ownerOnlyDatabaseFiles);
    }

    private static void prepare(Path directory, String holding) {
        try {
            if (!Files.isDirectory(directory)) {
                Path parent = directory.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
            if (!OWNER_ONLY_DIRECTORY.containsAll(mode)) {
                LOG.warnf(
                        "%s holds %s and is open to other users (mode %s). Recommended action: chmod 700 %s",
                        directory, holding, PosixFilePermissions.toString(mode), directory);
            }
        } catch (UnsupportedOperationException e) {
            LOG.debugf("%s is on a file system without POSIX permissions", directory);
        } catch (IOException e) {
            // A read-only data directory, say: the catalog says what it can and cannot do.
            LOG.warnf("Could not prepare %s (%s)", directory, e.toString());
        }
    }

    private static void ownerOnlyDatabaseFiles(Path directory) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".db") && Files.isRegularFile(f))
                    .toList();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("Could not list %s: %s", directory, e);
            return;
        }
        for (Path file : files) {
            try {
                if (!OWNER_ONLY_FILE.equals(Files.getPosixFilePermissions(file))) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf(
                        "Could not make %s readable by its owner only (%s). Recommended action: chmod 600 %s",
                        file, e.toString(), file);
            }
        }
    }
}
