package io.lakeshare.tables;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * The one port every table format is read through: versions, snapshots, history, and the owner's
 * "fit to share?" report. What a format means by a version, which commits can be replayed as
 * changes and which carry change data is decided behind it; callers see the protocol's terms only.
 * Failures are {@link TableException}s whose messages name the table, never its location.
 */
public interface TableReader {

    /** The format this reader reads. */
    TableFormat format();

    /** The newest version of the table. */
    long latestVersion(TableLocation table);

    /** The table as of {@code version}: immutable, and shared between requests. */
    TableSnapshot snapshot(TableLocation table, long version);

    /** The latest version committed at or before {@code instant} (time travel by timestamp). */
    long versionAsOf(TableLocation table, Instant instant);

    /** The earliest version committed at or after {@code instant}. */
    long firstVersionAtOrAfter(TableLocation table, Instant instant);

    /**
     * Where a range asked to start at {@code version} begins: that version where every commit has a
     * number; the first version numbered {@code version} or more where numbers may be skipped. A
     * number past the latest version is returned as it is, for the caller to refuse.
     */
    default long firstVersionFrom(TableLocation table, long version) {
        return version;
    }

    /**
     * Refuses, before a line is sent, a range of commits that cannot be followed file by file
     * ({@code startingVersion} queries).
     */
    void checkCommits(TableLocation table, long start, long end);

    /**
     * Refuses, before a line is sent, a range of commits whose change data feed cannot be served:
     * versions written without change data, or commits that cannot be followed at all.
     */
    void checkChangeFeed(TableLocation table, long start, long end);

    /** The data-changing actions, metadata and protocol changes of commits {@code start}..{@code end}, in order. */
    void changes(TableLocation table, long start, long end, Predicate<TableChange> visitor);

    /** Commits {@code start}..{@code end} (both included), in order, each with what its change feed serves. */
    void commits(TableLocation table, long start, long end, Predicate<TableCommit> visitor);

    /** What the location holds, for the owner's eyes: whether a table is there, its version, files and hints. */
    TableInspection inspect(TableLocation table);
}
