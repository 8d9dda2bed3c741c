package io.lakeshare.tables;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.tables.delta.DeltaTableReader;
import io.lakeshare.tables.iceberg.IcebergTableReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** The table-reader boundary: one entry for every format, dispatching on the shared table's format. */
@ApplicationScoped
public class TableReaders {

    @Inject
    DeltaTableReader delta;

    @Inject
    IcebergTableReader iceberg;

    public long latestVersion(SharedTable table) {
        return isIceberg(table) ? iceberg.latestVersion(table)
                : delta.latestVersion(table.bucket(), table.prefix());
    }

    public TableSnapshot snapshot(SharedTable table, long version) {
        return isIceberg(table) ? iceberg.snapshot(table, version)
                : delta.snapshot(table.bucket(), table.prefix(), version);
    }

    /** The latest version committed at or before {@code instant}. */
    public long versionAsOf(SharedTable table, Instant instant) {
        return isIceberg(table) ? iceberg.versionAsOf(table, instant)
                : delta.versionAsOf(table.bucket(), table.prefix(), instant);
    }

    /** The earliest version committed at or after {@code instant}. */
    public long firstVersionAtOrAfter(SharedTable table, Instant instant) {
        return isIceberg(table) ? iceberg.firstVersionAtOrAfter(table, instant)
                : delta.firstVersionAtOrAfter(table.bucket(), table.prefix(), instant);
    }

    /** Where the current metadata of an Iceberg table was found and why, for {@code share info}. */
    public String icebergMetadata(SharedTable table) {
        return iceberg.currentMetadata(table);
    }

    /** The data-changing actions of commits {@code start}..{@code end} (both included), in order. */
    public void changes(SharedTable table, long start, long end, java.util.function.Predicate<TableChange> visitor) {
        if (isIceberg(table)) {
            iceberg.changes(table, start, end, visitor);
            return;
        }
        delta.changes(table.bucket(), table.prefix(), start, end, visitor);
    }

    /** Commits {@code start}..{@code end} (both included), in order, each with its actions gathered. */
    public void commits(SharedTable table, long start, long end, java.util.function.Predicate<TableCommit> visitor) {
        if (isIceberg(table)) {
            iceberg.commits(table, start, end, visitor);
            return;
        }
        delta.commits(table.bucket(), table.prefix(), start, end, visitor);
    }

    /**
     * Where a range asked to start at {@code version} begins: that version for Delta tables, whose
     * versions count every commit; the first snapshot numbered {@code version} or more for Iceberg.
     */
    public long firstVersionFrom(SharedTable table, long version) {
        return isIceberg(table) ? iceberg.firstVersionFrom(table, version) : version;
    }

    /**
     * Refuses, before a line is sent, a range of commits whose changes cannot be served: Iceberg
     * snapshots other than appends. Every Delta commit can be served.
     */
    public void checkChanges(SharedTable table, long start, long end) {
        if (isIceberg(table)) {
            iceberg.checkChanges(table, start, end);
        }
    }

    private static boolean isIceberg(SharedTable table) {
        return table.format() == TableFormat.ICEBERG || table.format() == TableFormat.UNIFORM;
    }

}
