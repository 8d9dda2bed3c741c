package io.lakeshare.tables;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks that a shared table's location holds a table of its format: the owner's first sanity check. */
@ApplicationScoped
public class TableLocations {

    /** What was found at a table's location, in words for the owner. */
    public record Probe(String store, boolean found, String detail) {}

    @Inject
    Storage storage;

    public Probe probe(SharedTable table) {
        ObjectStore store = storage.forBucket(table.bucket());
        String marker = table.prefix() + (table.format() == TableFormat.DELTA ? "_delta_log/" : "metadata/");
        String what = table.format() == TableFormat.DELTA ? "Delta log" : "Iceberg metadata";
        try {
            boolean found = !store.list(table.bucket(), marker, 1).isEmpty();
            return new Probe(store.kind(), found, found
                    ? what + " found at " + table.bucket() + "/" + marker
                    : "No " + what + " at " + table.bucket() + "/" + marker + " yet");
        } catch (StorageException e) {
            return new Probe(store.kind(), false, e.getMessage());
        }
    }
}
