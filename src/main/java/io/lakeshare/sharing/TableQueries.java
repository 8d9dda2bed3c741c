package io.lakeshare.sharing;

import io.lakeshare.catalog.SharedTable;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** A table's version and metadata (PROTOCOL.md "Query Table Version", "Query Table Metadata"). */
@ApplicationScoped
public class TableQueries {

    @Inject
    TableReaders readers;

    @Inject
    TableVersions versions;

    @Inject
    AuditTrail audit;

    @Inject
    TableCredentials credentials;

    /** The latest version, or with {@code startingTimestamp} the first version committed at or after it. */
    public long version(SharedTable shared, Instant startingTimestamp) {
        long version = versions.versionFrom(shared, startingTimestamp);
        audit.current().version(version);
        return version;
    }

    /** The protocol and metadata lines of the table at the version asked for (latest, {@code version} or {@code timestamp}). */
    public TableLines metadata(SharedTable shared, Long version, String timestamp, ResponseOptions options) {
        TableLocation location = shared.location();
        TableSnapshot snapshot = readers.of(location).snapshot(location, versions.resolve(shared, version, timestamp));
        audit.current().version(snapshot.version());
        String format = ResponseFormats.choose(options.capabilities(), snapshot, shared.name());
        SnapshotLines shape = new SnapshotLines(format);
        String directory = credentials.advertisedLocation(shared).orElse(null);
        return new TableLines(snapshot.version(), "responseformat=" + format, null, lines -> {
            lines.line(shape.protocol(snapshot));
            lines.line(shape.metadata(snapshot, directory));
        });
    }
}
