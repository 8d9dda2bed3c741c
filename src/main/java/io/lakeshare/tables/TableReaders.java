package io.lakeshare.tables;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.delta.DeltaTableReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** The table-reader boundary: one entry for every format, dispatching on the shared table's format. */
@ApplicationScoped
public class TableReaders {

    @Inject
    DeltaTableReader delta;

    public long latestVersion(SharedTable table) {
        return delta(table).latestVersion(table.bucket(), table.prefix());
    }

    public TableSnapshot snapshot(SharedTable table, long version) {
        return delta(table).snapshot(table.bucket(), table.prefix(), version);
    }

    /** The latest version committed at or before {@code instant}. */
    public long versionAsOf(SharedTable table, Instant instant) {
        return delta(table).versionAsOf(table.bucket(), table.prefix(), instant);
    }

    /** The earliest version committed at or after {@code instant}. */
    public long firstVersionAtOrAfter(SharedTable table, Instant instant) {
        return delta(table).firstVersionAtOrAfter(table.bucket(), table.prefix(), instant);
    }

    /** The data-changing actions of commits {@code start}..{@code end} (both included), in order. */
    public void changes(SharedTable table, long start, long end, java.util.function.Predicate<TableChange> visitor) {
        delta(table).changes(table.bucket(), table.prefix(), start, end, visitor);
    }

    /** Commits {@code start}..{@code end} (both included), in order, each with its actions gathered. */
    public void commits(SharedTable table, long start, long end, java.util.function.Predicate<TableCommit> visitor) {
        delta(table).commits(table.bucket(), table.prefix(), start, end, visitor);
    }

    private DeltaTableReader delta(SharedTable table) {
        if (table.format() != TableFormat.DELTA) {
            throw new TableException(Kind.UNSUPPORTED, "Table '" + table.name() + "' is shared as "
                    + table.format().id() + ", which this server cannot read yet", null);
        }
        return delta;
    }
}
