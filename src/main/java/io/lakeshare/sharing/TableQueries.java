package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
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

    @Inject
    TableScopes scopes;

    /** The latest version, or with {@code startingTimestamp} the first version committed at or after it. */
    public long version(SharedTable shared, Instant startingTimestamp) {
        long version = versions.versionFrom(shared, startingTimestamp);
        audit.current().version(version);
        return version;
    }

    /**
     * The protocol and metadata lines of the table at the version asked for (latest, {@code version}
     * or {@code timestamp}); the size and number of files count only those the bearer's scope admits.
     */
    public TableLines metadata(
            Bearer bearer, SharedTable shared, Long version, String timestamp, ResponseOptions options) {
        TableLocation location = shared.location();
        TableSnapshot snapshot = readers.of(location).snapshot(location, versions.resolve(shared, version, timestamp));
        audit.current().version(snapshot.version());
        String format = ResponseFormats.choose(options.capabilities(), snapshot, shared.name());
        SnapshotLines shape = new SnapshotLines(format);
        String directory = credentials.advertisedLocation(shared).orElse(null);
        BearerScope scope = scopes.of(bearer, shared);
        return new TableLines(snapshot.version(), "responseformat=" + format, null, lines -> {
            lines.line(shape.protocol(snapshot));
            if (scope.scoped()) {
                // A scoped table is never advertised for directory access (see TableCredentials).
                long[] totals = scope.totals(snapshot);
                lines.line(shape.metadata(snapshot.metadata(), null, totals[0], totals[1]));
            } else {
                lines.line(shape.metadata(snapshot, directory));
            }
        });
    }
}
