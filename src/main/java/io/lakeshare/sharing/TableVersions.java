package io.lakeshare.sharing;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableReaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Which version a request means, and the owner's rules on which versions may be read. */
@ApplicationScoped
public class TableVersions {

    @Inject
    TableReaders readers;

    long resolve(SharedTable shared, Long version, String timestamp) {
        if (version != null) {
            return inHistory(shared, version, "version");
        }
        if (timestamp != null) {
            Instant instant = requireHistory(shared, Timestamps.parse("timestamp", timestamp), "timestamp");
            return inHistory(shared, readers.versionAsOf(shared, instant), "timestamp");
        }
        return readers.latestVersion(shared);
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

    static Long parseVersion(String parameter, String text) {
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
