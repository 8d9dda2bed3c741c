package io.lakeshare.sharing;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Which version a request means, and the owner's rules on which versions may be read. */
@ApplicationScoped
public class TableVersions {

    @Inject
    TableReaders readers;

    /** The version a request for {@code version}, or {@code timestamp}, or neither (the latest) means. */
    long resolve(SharedTable shared, Long version, String timestamp) {
        if (version != null) {
            return inHistory(shared, version, "version");
        }
        TableLocation location = shared.location();
        if (timestamp != null) {
            Instant instant = requireHistory(shared, Timestamps.parse("timestamp", timestamp), "timestamp");
            return inHistory(shared, readers.of(location).versionAsOf(location, instant), "timestamp");
        }
        return readers.of(location).latestVersion(location);
    }

    /**
     * The version a request naming none reads: the table's latest. With history off it is the only
     * one readable; with a start version it is at or after it.
     */
    public long latest(SharedTable shared) {
        TableLocation location = shared.location();
        return readers.of(location).latestVersion(location);
    }

    /** The table's latest version, or the first committed at or after {@code startingTimestamp}. */
    long versionFrom(SharedTable shared, Instant startingTimestamp) {
        TableLocation location = shared.location();
        if (startingTimestamp == null) {
            return readers.of(location).latestVersion(location);
        }
        requireHistory(shared, startingTimestamp, "startingTimestamp");
        return inHistory(
                shared, readers.of(location).firstVersionAtOrAfter(location, startingTimestamp), "startingTimestamp");
    }

    /** Past versions are readable only where the owner shares the table's history. */
    static <T> T requireHistory(SharedTable shared, T value, String parameter) {
        if (!shared.historyShared()) {
            throw LakeshareException.invalidParameter("The history of table '" + shared.name() + "' is not shared, so "
                    + parameter + " cannot be used; ask the provider to share it");
        }
        return value;
    }

    static long inHistory(SharedTable shared, long version, String parameter) {
        requireHistory(shared, version, parameter);
        if (shared.startVersion() != null && version < shared.startVersion()) {
            throw LakeshareException.invalidParameter(parameter + " selects version " + version + ", before version "
                    + shared.startVersion() + " where the shared history of table '" + shared.name() + "' begins");
        }
        return version;
    }

    public static Long parseVersion(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0) {
                throw LakeshareException.invalidParameter(parameter + " must not be negative, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw LakeshareException.invalidParameter(parameter + " must be a whole number, got '" + text + "'");
        }
    }
}
