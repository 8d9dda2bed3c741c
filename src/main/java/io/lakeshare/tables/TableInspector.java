package io.lakeshare.tables;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner's "is this table fit to share?" check: is there a table at the location, at which
 * version, how many files and bytes, and would compacting it help recipients plan their reads.
 */
@ApplicationScoped
public class TableInspector {

    /** What was found at a table's location. Counts are absent when no table could be read. */
    public record Report(String store, boolean found, String detail, Long version, Long files, Long sizeBytes,
                         Long filesWithoutStats, Long smallFiles, List<String> hints) {}

    private static final String UNIFORM_FORMATS = "delta.universalFormat.enabledFormats";

    @Inject
    Storage storage;

    @Inject
    TableReaders readers;

    @Inject
    TablesConfig config;

    public Report inspect(SharedTable table) {
        if (table.format() == TableFormat.UNIFORM) {
            return inspectInCatalog(table);
        }
        ObjectStore store = storage.forBucket(table.bucket());
        String marker = table.prefix() + (table.format() == TableFormat.DELTA ? "_delta_log/" : "metadata/");
        String what = table.format() == TableFormat.DELTA ? "Delta log" : "Iceberg metadata";
        boolean found;
        try {
            found = !store.list(table.bucket(), marker, 1).isEmpty();
        } catch (StorageException e) {
            return new Report(store.kind(), false, e.getMessage(), null, null, null, null, null, List.of());
        }
        if (!found) {
            return new Report(store.kind(), false, "No " + what + " at " + table.bucket() + "/" + marker + " yet",
                    null, null, null, null, null, List.of());
        }
        String detail = what + " found at " + table.bucket() + "/" + marker;
        try {
            if (table.format() == TableFormat.ICEBERG) {
                detail = "Iceberg metadata " + readers.icebergMetadata(table);
            }
            TableSnapshot snapshot = readers.snapshot(table, readers.latestVersion(table));
            snapshot.requireServable();
            SnapshotSummary s = snapshot.summary();
            if (table.format() == TableFormat.DELTA && isUniform(snapshot)) {
                detail += "; UniForm: the table keeps Iceberg metadata beside its Delta log ("
                        + UNIFORM_FORMATS + "=" + snapshot.metadata().configuration().get(UNIFORM_FORMATS)
                        + "); recipients read it from the Delta log";
            }
            return new Report(store.kind(), true, detail, snapshot.version(), s.numFiles(), s.sizeInBytes(),
                    s.filesWithoutStats(), s.smallFiles(), hints(s));
        } catch (TableException | StorageException e) {
            return new Report(store.kind(), true, detail + ", but it cannot be read: " + e.getMessage(),
                    null, null, null, null, null, List.of());
        }
    }

    /** A table of an Iceberg REST catalog: the catalog says where it is, the stores hold its files. */
    private Report inspectInCatalog(SharedTable table) {
        String detail;
        try {
            detail = "Iceberg metadata " + readers.icebergMetadata(table);
            TableSnapshot snapshot = readers.snapshot(table, readers.latestVersion(table));
            snapshot.requireServable();
            SnapshotSummary s = snapshot.summary();
            return new Report("iceberg-rest", true, detail, snapshot.version(), s.numFiles(), s.sizeInBytes(),
                    s.filesWithoutStats(), s.smallFiles(), hints(s));
        } catch (TableException | StorageException e) {
            return new Report("iceberg-rest", false, e.getMessage(), null, null, null, null, null, List.of());
        }
    }

    /** A Delta table whose writer also keeps Iceberg metadata for it (Delta UniForm). */
    static boolean isUniform(TableSnapshot snapshot) {
        String formats = snapshot.metadata().configuration().getOrDefault(UNIFORM_FORMATS, "");
        return java.util.Arrays.stream(formats.split(",")).anyMatch(f -> f.strip().equalsIgnoreCase("iceberg"));
    }

    private List<String> hints(SnapshotSummary s) {
        List<String> hints = new ArrayList<>();
        if (s.numFiles() >= 10 && s.smallFiles() * 2 >= s.numFiles()) {
            hints.add(s.smallFiles() + " of " + s.numFiles() + " files are under " + (config.smallFileBytes() >> 20)
                    + " MiB: compact the table (OPTIMIZE) so recipients plan and fetch fewer files");
        }
        if (s.filesWithoutStats() > 0) {
            hints.add(s.filesWithoutStats() + " file(s) have no statistics: recipients' filters and limits cannot skip"
                    + " them; rewriting them (OPTIMIZE) with statistics enabled helps");
        }
        return hints;
    }
}
