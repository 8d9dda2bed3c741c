package io.lakeshare.tables.planted;

import io.lakeshare.catalog.SharedTable;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;

/**
 * Breaks the layering on purpose, for ArchitectureTest to catch: a table-reader class that opens
 * the database, knows the catalog's types and answers HTTP. Never part of the server (test sources only).
 */
public final class PlantedViolation {

    private PlantedViolation() {}

    static Response readThroughTheDatabase(EntityManager database, SharedTable table) {
        return Response.ok(database.find(Object.class, table.id())).build();
    }
}
