package io.lakeshare.tables.iceberg;

import io.lakeshare.config.IcebergConfig;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.storage.Storage;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableLocation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SessionCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTSessionCatalog;

/**
 * The Iceberg REST catalogs of {@code iceberg-rest} tables, one client per configured warehouse. The
 * catalog says where a table's current metadata is; the files are read through the server's own
 * storage (built here, never loaded by class name), not with credentials the catalog vends.
 */
@ApplicationScoped
public class RestCatalogs {

    private final IcebergConfig config;
    private final Storage storage;
    private final StorageConfig storageConfig;
    private final Map<String, RESTSessionCatalog> catalogs = new ConcurrentHashMap<>();

    @Inject
    public RestCatalogs(IcebergConfig config, Storage storage, StorageConfig storageConfig) {
        this.config = config;
        this.storage = storage;
        this.storageConfig = storageConfig;
    }

    /**
     * The table as its warehouse's catalog has it now. Recipients are told that the catalog has no
     * such table or cannot be reached; which catalog, and what it said, go to the server's log.
     */
    Table load(TableLocation.CatalogTable table) {
        RESTSessionCatalog catalog;
        try {
            catalog = catalogs.computeIfAbsent(table.warehouse(), this::open);
        } catch (TableException e) {
            throw new TableException(e.kind(), "Table '" + table.name() + "' cannot be read: " + e.getMessage(), e);
        }
        TableIdentifier id = TableIdentifier.of(Namespace.of(table.namespace().split("\\.")), table.table());
        try {
            return catalog.loadTable(SessionCatalog.SessionContext.createEmpty(), id);
        } catch (NoSuchTableException | NotFoundException e) {
            throw new TableException(
                    Kind.NOT_FOUND,
                    "Table '" + table.name() + "' is not in its Iceberg REST catalog (any more)",
                    new IllegalStateException(
                            "The Iceberg REST catalog of warehouse '" + table.warehouse() + "' has no table " + id
                                    + ": " + e.getMessage(),
                            e));
        } catch (RuntimeException e) {
            throw new TableException(
                    Kind.UNAVAILABLE,
                    "The Iceberg REST catalog of table '" + table.name()
                            + "' cannot be reached or refused the server; try again later",
                    new IllegalStateException(
                            "The Iceberg REST catalog of warehouse '" + table.warehouse()
                                    + "' cannot be reached or refused the request: " + e.getMessage(),
                            e));
        }
    }

    /** The catalog's endpoint, for owners' eyes. */
    String describe(String warehouse) {
        return catalogConfig(warehouse).uri().toString();
    }

    private IcebergConfig.Catalog catalogConfig(String warehouse) {
        IcebergConfig.Catalog c = config.catalogs().get(warehouse);
        if (c == null) {
            throw new TableException(
                    Kind.NOT_FOUND,
                    "no Iceberg REST catalog is configured for it",
                    new IllegalStateException("No Iceberg REST catalog is configured for warehouse '" + warehouse
                            + "': set lakeshare.iceberg.catalogs.\"" + warehouse + "\".uri"));
        }
        return c;
    }

    private RESTSessionCatalog open(String warehouse) {
        IcebergConfig.Catalog c = catalogConfig(warehouse);
        RESTSessionCatalog catalog = new RESTSessionCatalog(
                properties -> HTTPClient.builder(properties)
                        .uri(properties.get(CatalogProperties.URI))
                        .build(),
                (context, properties) -> new IcebergFileIO(
                        storage,
                        new IcebergLocations(null, storageConfig.local().root())));
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, c.uri().toString());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, c.warehouse().orElse(warehouse));
        c.token().ifPresent(token -> properties.put("token", token));
        c.credential().ifPresent(credential -> properties.put("credential", credential));
        c.oauth2ServerUri().ifPresent(uri -> properties.put("oauth2-server-uri", uri.toString()));
        c.scope().ifPresent(scope -> properties.put("scope", scope));
        if (c.token().isPresent() || c.credential().isPresent()) {
            properties.put("rest.auth.type", "oauth2");
        }
        try {
            catalog.initialize("lakeshare-" + warehouse, properties);
        } catch (RuntimeException e) {
            throw new TableException(
                    Kind.UNAVAILABLE,
                    "its Iceberg REST catalog cannot be reached or refused the server; try again later",
                    new IllegalStateException(
                            "The Iceberg REST catalog of warehouse '" + warehouse + "' at " + c.uri()
                                    + " cannot be reached: " + e.getMessage(),
                            e));
        }
        return catalog;
    }

    @PreDestroy
    void close() throws IOException {
        for (RESTSessionCatalog catalog : catalogs.values()) {
            catalog.close();
        }
    }
}
