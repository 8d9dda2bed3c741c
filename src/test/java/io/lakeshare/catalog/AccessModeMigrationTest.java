package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The access-mode migration on a catalog that already shares tables, on the test run's database (H2,
 * and PostgreSQL in the PostgreSQL run), in a schema of its own: every table shared before stays
 * shared by URL only.
 */
@QuarkusTest
class AccessModeMigrationTest {

    @Inject
    DataSource dataSource;

    @Test
    void tablesSharedBeforeStaySharedByUrl() throws SQLException {
        String name = "v9check_" + UUID.randomUUID().toString().substring(0, 8);
        String schema = '"' + name + '"';
        flyway(name).target("8").load().migrate();
        UUID table = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try {
                UUID schemaId = insertShareAndSchema(c, schema);
                insertTable(c, schema, schemaId, table, "t");

                flyway(name).load().migrate();

                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT access_mode FROM " + schema + ".shared_tables")) {
                    assertTrue(r.next());
                    assertEquals("url", r.getString(1));
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String schema) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration");
    }

    private static UUID insertShareAndSchema(Connection c, String schema) throws SQLException {
        UUID share = UUID.randomUUID();
        UUID schemaId = UUID.randomUUID();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".shares (id, name, name_key, created_at, updated_at) VALUES (?, 's', 's', ?, ?)")) {
            p.setObject(1, share);
            p.setTimestamp(2, Timestamp.from(Instant.now()));
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".share_schemas (id, share_id, name, name_key, created_at) VALUES (?, ?, 'hr', 'hr', ?)")) {
            p.setObject(1, schemaId);
            p.setObject(2, share);
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
        return schemaId;
    }

    private static void insertTable(Connection c, String schema, UUID schemaId, UUID table, String name)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".shared_tables (id, schema_id, name, name_key, format, bucket, prefix, created_at)"
                + " VALUES (?, ?, ?, ?, 'DELTA', 'b', 'p/', ?)")) {
            p.setObject(1, table);
            p.setObject(2, schemaId);
            p.setString(3, name);
            p.setString(4, name);
            p.setTimestamp(5, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
    }
}
