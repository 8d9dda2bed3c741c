package io.lakeshare.sharing.iceberg;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.Names;
import io.lakeshare.catalog.RecipientAccessService;
import io.lakeshare.catalog.Share;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.TableFormat;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.sharing.ListingModels.Page;
import io.lakeshare.sharing.Paging;
import io.lakeshare.sharing.TableCredentials;
import io.lakeshare.sharing.TableVersions;
import io.lakeshare.storage.ObjectPrefix;
import io.lakeshare.storage.RemoteSigning;
import io.lakeshare.storage.ScopedCredentials;
import io.lakeshare.tables.IcebergMetadataForDelta;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.iceberg.IcebergCatalogDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Iceberg REST catalog recipients read shares through, without HTTP: the warehouse is a share,
 * its namespaces are the share's schemas and its tables the schemas' tables, seen exactly as the
 * Delta Sharing API shows them to the same bearer token (anything not shared with it is missing).
 * Iceberg tables load as their current metadata, Delta tables as Iceberg metadata generated for the
 * version the Delta Sharing API serves as latest; their files are read from S3 with requests this
 * server signs, for the table's own files (and a Delta table's generated metadata) only.
 */
@ApplicationScoped
public class IcebergCatalogService {

    /** Where the catalog lives below the public endpoint: the {@code uri} clients are configured with. */
    public static final String PATH = io.lakeshare.config.PublicEndpoint.ICEBERG_PATH;

    /** The remote-signing endpoint of a table, relative to the catalog's uri. */
    static String signerEndpoint(String share, String namespace, String table) {
        return "v1/" + share + "/namespaces/" + namespace + "/tables/" + table + "/sign";
    }

    /**
     * What a client loading a table gets: its metadata file, the metadata, and how to reach its files.
     * {@code credentialPrefixes}: where vended keys in {@code config} read ({@code s3://bucket/prefix},
     * the table's location first), empty when its reads are signed instead.
     */
    public record LoadResult(
            String metadataLocation,
            String metadataJson,
            String tableLocation,
            Map<String, String> config,
            List<String> credentialPrefixes) {}

    @Inject
    RecipientAccessService access;

    @Inject
    IcebergCatalogDocuments documents;

    @Inject
    RemoteSigning signing;

    @Inject
    Paging paging;

    @Inject
    TableVersions versions;

    @Inject
    IcebergMetadataForDelta deltaAsIceberg;

    @Inject
    TableCredentials credentials;

    /** The catalog uri of a bearer's profile. */
    public static String catalogUri(Bearer bearer) {
        return bearer.publicEndpoint() + PATH;
    }

    /**
     * The share {@code warehouse} names. A share token may leave it out (its own share); a recipient's
     * token must name one of the shares granted to it.
     */
    public Share warehouse(Bearer bearer, String warehouse) {
        if (warehouse == null || warehouse.isBlank()) {
            if (bearer.shareId() == null) {
                throw IcebergError.badRequest(
                        "Name the share to read as the catalog's warehouse (warehouse=<share>): this token reaches"
                                + " every share granted to its recipient");
            }
            return access.listShares(bearer, java.util.Optional.empty(), 1).stream()
                    .findFirst()
                    .orElseThrow(() -> IcebergError.noSuchWarehouse(""));
        }
        return missingAs(() -> access.share(bearer, warehouse), () -> IcebergError.noSuchWarehouse(warehouse));
    }

    /** The share's schemas as single-level namespaces; nested namespaces do not exist. */
    public Page<String> namespaces(Bearer bearer, String prefix, String parent, String pageSize, String pageToken) {
        Share share = share(bearer, prefix);
        if (parent != null && !parent.isEmpty()) {
            // Schemas have no children: a parent that exists has none, one that does not is missing.
            namespace(bearer, prefix, parent);
            return new Page<>(List.of(), null);
        }
        Paging.Request page = pageRequest("iceberg-namespaces:" + share.id(), pageSize, pageToken);
        List<String> schemas = missingAs(
                () -> access.listSchemas(bearer, prefix, page.after().map(p -> p.get(0)), page.fetch()),
                () -> IcebergError.noSuchWarehouse(prefix));
        return paging.page(page, schemas, name -> name, name -> List.of(Names.key(name)));
    }

    /** The schema a namespace names. */
    public String namespace(Bearer bearer, String prefix, String namespace) {
        share(bearer, prefix);
        requireNamespace(namespace);
        List<String> found = missingAs(
                () -> access.listTables(bearer, prefix, namespace, java.util.Optional.empty(), 1).stream()
                        .map(SharedTable::schema)
                        .toList(),
                () -> IcebergError.noSuchNamespace(namespace));
        return found.isEmpty() ? namespace : found.get(0);
    }

    /** Every table of the schema, Delta tables included (served as Iceberg metadata generated for them). */
    public Page<SharedTable> tables(Bearer bearer, String prefix, String namespace, String pageSize, String pageToken) {
        Share share = share(bearer, prefix);
        requireNamespace(namespace);
        Paging.Request page =
                pageRequest("iceberg-tables:" + share.id() + ":" + Names.key(namespace), pageSize, pageToken);
        List<SharedTable> tables = missingAs(
                () -> access.listTables(bearer, prefix, namespace, page.after().map(p -> p.get(0)), page.fetch()),
                () -> IcebergError.noSuchNamespace(namespace));
        return paging.page(page, tables, t -> t, t -> List.of(Names.key(t.name())));
    }

    public SharedTable table(Bearer bearer, String prefix, String namespace, String table) {
        share(bearer, prefix);
        requireNamespace(namespace);
        // Tell a missing namespace from a missing table, as Iceberg clients do.
        namespace(bearer, prefix, namespace);
        return missingAs(
                () -> access.table(bearer, prefix, namespace, table), () -> IcebergError.noSuchTable(namespace, table));
    }

    /**
     * The table's current metadata, cut to the history the owner shares, and how to read its files:
     * with {@code vendedCredentials} asked for ({@code X-Iceberg-Access-Delegation}), scoped STS keys
     * where the table can have them, else S3 remote signing.
     */
    public LoadResult load(Bearer bearer, String prefix, String namespace, String table, boolean vendedCredentials) {
        SharedTable shared = table(bearer, prefix, namespace, table);
        IcebergCatalogDocuments.Document document = document(shared);
        boolean vended = vendedCredentials && vends(shared);
        return new LoadResult(
                document.metadataLocation(),
                document.metadataJson(),
                document.tableLocation(),
                storageConfig(bearer, shared, document, vended),
                vended
                        ? readable(document).stream()
                                .map(p -> "s3://" + p.bucket() + "/" + p.keyPrefix())
                                .toList()
                        : List.of());
    }

    /**
     * Whether a client asking for vended credentials gets them for this table: the owner opened it to
     * directory access and its store has an STS. The keys read what signing would sign for it: the
     * table's prefixes, and for a Delta table the Iceberg metadata generated for it.
     */
    boolean vends(SharedTable shared) {
        return credentials.advertisedLocation(shared).isPresent();
    }

    /**
     * How a client reaches a loaded table's files: the one place that decides it. Vended STS keys that
     * read the table's prefix only, when asked for and the table can have them; otherwise S3 remote
     * signing by this server, for the table's own objects only.
     */
    private Map<String, String> storageConfig(
            Bearer bearer, SharedTable shared, IcebergCatalogDocuments.Document document, boolean vended) {
        // Where the store is, whichever way the client is let in.
        RemoteSigning.ClientSettings s3 = signing.clientSettings();
        Map<String, String> config = new LinkedHashMap<>();
        s3.endpoint().ifPresent(e -> config.put("s3.endpoint", e.toString()));
        config.put("s3.region", s3.region());
        config.put("client.region", s3.region());
        config.put("s3.path-style-access", String.valueOf(s3.pathStyleAccess()));
        if (vended) {
            ScopedCredentials keys = credentials.vend(
                    bearer, shared.share(), shared.schema(), shared.name(), Optional.empty(), readable(document));
            config.put("s3.access-key-id", keys.accessKeyId());
            config.put("s3.secret-access-key", keys.secretAccessKey());
            config.put("s3.session-token", keys.sessionToken());
            if (keys.expiration() != null) {
                config.put(
                        "s3.session-token-expires-at-ms",
                        String.valueOf(keys.expiration().toEpochMilli()));
            }
            return config;
        }
        String uri = catalogUri(bearer);
        String endpoint = signerEndpoint(shared.share(), shared.schema(), shared.name());
        config.put("s3.remote-signing-enabled", "true");
        // Iceberg Java up to 1.9 and pyiceberg read s3.signer.*, Iceberg Java 1.10+ signer.* / rest.remote-signing.*.
        config.put("s3.signer.uri", uri);
        config.put("s3.signer.endpoint", endpoint);
        config.put("signer.uri", uri);
        config.put("signer.endpoint", endpoint);
        config.put("rest.remote-signing.endpoint", endpoint);
        // pyiceberg signs only through its fsspec FileIO, with the signer named here.
        config.put("s3.signer", "S3V4RestSigner");
        config.put("py-io-impl", "pyiceberg.io.fsspec.FsspecFileIO");
        return config;
    }

    /** The headers that sign a client's read of one of the table's files. */
    public Map<String, String> sign(
            Bearer bearer,
            String prefix,
            String namespace,
            String table,
            String method,
            String uri,
            Map<String, String> headers) {
        SharedTable shared = table(bearer, prefix, namespace, table);
        try {
            RemoteSigning.requireRead(method);
        } catch (RemoteSigning.Refused e) {
            throw IcebergError.forbidden(e.getMessage());
        }
        try {
            return signing.sign(method, uri, headers, readable(document(shared)));
        } catch (RemoteSigning.Refused e) {
            throw IcebergError.forbidden(e.getMessage());
        }
    }

    /** Every place the table keeps files its readers need: all that signing signs and vended keys read. */
    private static List<ObjectPrefix> readable(IcebergCatalogDocuments.Document document) {
        return document.prefixes().stream()
                .map(p -> new ObjectPrefix(p.bucket(), p.key()))
                .toList();
    }

    private IcebergCatalogDocuments.Document document(SharedTable shared) {
        if (shared.isScoped()) {
            // Its metadata lists every file and signing would reach every one: no partition scope could hold.
            throw IcebergError.forbidden("Table '" + shared.schema() + "." + shared.name()
                    + "' is shared with a partition scope: read it through the share's Delta Sharing profile");
        }
        IcebergCatalogDocuments.Document document;
        if (shared.format() == TableFormat.DELTA) {
            // Nothing generated for a table this catalog could not sign reads of anyway.
            if (shared.location() instanceof TableLocation.StoragePrefix prefix && !signing.signs(prefix.bucket())) {
                throw notSignable(shared);
            }
            // The version the Delta Sharing API serves as latest; its metadata holds that version's
            // snapshot only, so history off and a start version both hold.
            long version = versions.latest(shared);
            document = documents.loadMetadataFile(deltaAsIceberg.icebergMetadataLocation(shared.location(), version));
        } else {
            document = documents.load(shared.location(), shared.historyShared(), shared.startVersion());
        }
        for (ObjectPath p : document.prefixes()) {
            if (!signing.signs(p.bucket())) {
                throw notSignable(shared);
            }
        }
        return document;
    }

    private static IcebergError notSignable(SharedTable shared) {
        return IcebergError.badRequest("Table '" + shared.schema() + "." + shared.name()
                + "' is kept in storage this catalog cannot sign reads for (S3 only)."
                + " Read it through the share's Delta Sharing profile");
    }

    private Share share(Bearer bearer, String prefix) {
        return missingAs(() -> access.share(bearer, prefix), () -> IcebergError.noSuchWarehouse(prefix));
    }

    private static void requireNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.indexOf('\u001f') >= 0) {
            throw IcebergError.noSuchNamespace(namespace);
        }
    }

    private Paging.Request pageRequest(String scope, String pageSize, String pageToken) {
        try {
            return paging.request(scope, pageSize, pageToken, 1);
        } catch (LakeshareException e) {
            throw IcebergError.badRequest(e.getMessage().replace("maxResults", "pageSize"));
        }
    }

    private static <T> T missingAs(Supplier<T> lookup, Supplier<IcebergError> missing) {
        try {
            return lookup.get();
        } catch (LakeshareException e) {
            if (e.status() == 404) {
                throw missing.get();
            }
            throw e;
        }
    }
}
