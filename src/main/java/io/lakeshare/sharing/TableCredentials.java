package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.RecipientAccessService;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.storage.ObjectPrefix;
import io.lakeshare.storage.ScopedCredentials;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Directory access (PROTOCOL.md "Generate Temporary Table Credential"): temporary credentials that
 * read a table's whole prefix, for tables the owner opened to it ({@code share update --access
 * SCHEMA/TABLE=dir}). Free of HTTP, so that every front that hands out storage credentials (the
 * Delta Sharing endpoint, an Iceberg REST catalog's vended credentials) asks the same question the
 * same way: who may see the table is {@link RecipientAccessService}'s answer, exactly as for a query.
 *
 * <p>Credentials are kept per token and table until close to their expiry (at most
 * {@value #CACHE_ENTRIES} of them), so that a recipient asking again costs no STS call.
 */
@ApplicationScoped
public class TableCredentials {

    private static final Logger LOG = Logger.getLogger(TableCredentials.class);

    /** The access modes a table opened to directory access is listed with. */
    public static final List<String> DIRECTORY_MODES = List.of(SharedTable.URL, SharedTable.DIR);

    static final int CACHE_ENTRIES = 4096;

    /** A kept credential is handed out again while at least this much of its life is left (or a quarter, if less). */
    static final Duration REUSE_MARGIN = Duration.ofMinutes(10);

    private static final long RETRY_SECONDS = 5;

    @Inject
    RecipientAccessService access;

    @Inject
    Storage storage;

    @Inject
    AuditTrail audit;

    Clock clock = Clock.systemUTC();

    private final Map<String, ScopedCredentials> issued = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScopedCredentials> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /**
     * The table's root as recipients are told it ({@code s3://bucket/prefix}), when it is listed
     * with directory access: the owner opened it, and its store can vend credentials for it. Empty
     * for every other table, which is listed as before.
     */
    public Optional<String> advertisedLocation(SharedTable table) {
        if (!table.directoryAccess() || table.format() == TableFormat.ICEBERG_REST || table.isScoped()) {
            return Optional.empty();
        }
        return storage.vendsCredentials(table.bucket())
                ? Optional.of(Storage.directoryLocation(table.bucket(), table.prefix()))
                : Optional.empty();
    }

    /**
     * Credentials that read the table {@code share.schema.table} as {@code bearer} sees it, for
     * {@code location} (the table's root; empty: the root). Refusals are {@link LakeshareException}s
     * with the protocol's codes: 404 for a table the bearer cannot see, 403 for one not opened to
     * directory access, 400 for a local table, a store without STS or another location, 503 when STS
     * cannot be reached or refuses. Each credential handed out is audited (token id, table, expiry).
     */
    public ScopedCredentials vend(Bearer bearer, String share, String schema, String table, Optional<String> location) {
        return vend(bearer, share, schema, table, location, List.of());
    }

    /**
     * As {@link #vend(Bearer, String, String, String, Optional)}, the credentials also reading
     * {@code alsoReading}: other places of the table's store a reader of it needs, such as the Iceberg
     * metadata generated for a Delta table. The credentials stay those of the table's root.
     */
    public ScopedCredentials vend(
            Bearer bearer,
            String share,
            String schema,
            String table,
            Optional<String> location,
            List<ObjectPrefix> alsoReading) {
        audit.current()
                .recipient(bearer.tokenId(), bearer.recipientId(), share)
                .table(schema, table, "temporary-table-credentials");
        SharedTable shared = access.table(bearer, share, schema, table);
        String name = "'" + shared.name() + "'";
        if (shared.isScoped()) {
            // The keys would read every file under the prefix: no partition scope could hold.
            throw new LakeshareException(
                    ErrorCode.PERMISSION_DENIED,
                    "Table " + name + " is shared with a partition scope: read it through its file URLs (query)");
        }
        if (!shared.directoryAccess() || shared.format() == TableFormat.ICEBERG_REST) {
            throw new LakeshareException(
                    ErrorCode.PERMISSION_DENIED,
                    "Table " + name + " is not shared for directory access: read it through its file URLs (query)");
        }
        if (storage.isLocal(shared.bucket())) {
            throw LakeshareException.invalidParameter("Table " + name
                    + " is kept in the server's local warehouse: local tables cannot vend credentials;"
                    + " read it through its file URLs (query)");
        }
        if (!storage.vendsCredentials(shared.bucket())) {
            LOG.warnf(
                    "Table %s.%s.%s is opened to directory access, but no STS is configured to vend credentials"
                            + " (lakeshare.storage.credentials.role-arn)",
                    shared.share(), shared.schema(), shared.name());
            throw new LakeshareException(
                    ErrorCode.UNSUPPORTED_OPERATION,
                    "This server is not set up to vend credentials for table " + name
                            + ": read it through its file URLs (query)");
        }
        String root = Storage.directoryLocation(shared.bucket(), shared.prefix());
        location.filter(l -> !sameLocation(l, root)).ifPresent(l -> {
            throw LakeshareException.invalidParameter("Field 'location' must be the location of table " + name
                    + " as its listing names it (its root); the table has no other locations");
        });
        List<ObjectPrefix> prefixes = new ArrayList<>();
        prefixes.add(new ObjectPrefix(shared.bucket(), shared.prefix()));
        alsoReading.stream().filter(p -> !prefixes.contains(p)).forEach(prefixes::add);
        String key = bearer.tokenId() + "|" + shared.id() + "|" + prefixes;
        ScopedCredentials credentials = kept(key);
        if (credentials == null) {
            credentials = issue(shared, prefixes, name, bearer);
            synchronized (issued) {
                issued.put(key, credentials);
            }
        }
        audit.current().credentials(credentials.expiration());
        return credentials;
    }

    private ScopedCredentials kept(String key) {
        ScopedCredentials kept;
        synchronized (issued) {
            kept = issued.get(key);
        }
        if (kept == null || kept.expiration() == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), kept.expiration());
        Duration quarter = storage.credentialsLifetime().dividedBy(4);
        Duration margin = quarter.compareTo(REUSE_MARGIN) < 0 ? quarter : REUSE_MARGIN;
        return left.compareTo(margin) > 0 ? kept : null;
    }

    private ScopedCredentials issue(SharedTable shared, List<ObjectPrefix> prefixes, String name, Bearer bearer) {
        // The session is named by token and table ids, so that the store's own logs say who read.
        String session = "lakeshare-" + bearer.tokenId().toString().substring(0, 8) + "-"
                + shared.id().toString().substring(0, 8);
        try {
            return storage.readCredentials(prefixes, session);
        } catch (StorageException e) {
            LOG.warnf(
                    "Could not vend credentials for table %s.%s.%s: %s",
                    shared.share(), shared.schema(), shared.name(), e.getMessage());
            if (e.kind() == StorageException.Kind.UNREACHABLE) {
                throw LakeshareException.unavailable(
                        "Credentials for table " + name + " cannot be issued now: the store does not answer",
                        RETRY_SECONDS);
            }
            throw LakeshareException.unavailable(
                    "Credentials for table " + name + " cannot be issued now: the store refused to issue them",
                    RETRY_SECONDS);
        }
    }

    /** The table root, written with or without a trailing '/', as {@code s3://} or {@code s3a://}. */
    static boolean sameLocation(String asked, String root) {
        String a = asked.strip();
        if (a.regionMatches(true, 0, "s3a://", 0, 6)) {
            a = "s3://" + a.substring(6);
        } else if (a.regionMatches(true, 0, "s3://", 0, 5)) {
            a = "s3://" + a.substring(5);
        }
        while (a.endsWith("/") && a.length() > "s3://".length()) {
            a = a.substring(0, a.length() - 1);
        }
        return a.equals(root);
    }
}
