package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The recipients migration on a catalog that already holds share tokens, on the test run's database
 * (H2, and PostgreSQL in the PostgreSQL run), in a schema of its own: every token is kept as it was,
 * and a token belongs to a share or a recipient, never both, never neither.
 */
@QuarkusTest
class RecipientsMigrationTest {

    @Inject
    DataSource dataSource;

    @Test
    void existingShareTokensSurviveTheMigrationUnchanged() throws SQLException {
        String name = "v8check_" + UUID.randomUUID().toString().substring(0, 8);
        // Quoted, as Flyway names it: H2 and PostgreSQL fold unquoted names to different cases.
        String schema = '"' + name + '"';
        Flyway before = flyway(name).target("6").load();
        before.migrate();
        UUID share = UUID.randomUUID();
        UUID token = UUID.randomUUID();
        String hash = "ab".repeat(32);
        try (Connection c = dataSource.getConnection()) {
            try {
                insertShareAndToken(c, schema, share, token, hash);

                flyway(name).load().migrate();

                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT share_id, recipient_id, secret_hash, replaced_by FROM "
                                + schema + ".recipient_tokens")) {
                    assertTrue(r.next());
                    assertEquals(share, r.getObject(1, UUID.class));
                    assertEquals(null, r.getObject(2));
                    assertEquals(hash, r.getString(3));
                    assertEquals(null, r.getObject(4));
                }
                assertThrows(SQLException.class, () -> insertToken(c, schema, null, null, "cd".repeat(32)));
                UUID recipient = UUID.randomUUID();
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                        + ".recipients (id, name, name_key, created_at, updated_at) VALUES (?, 'r', 'r', ?, ?)")) {
                    p.setObject(1, recipient);
                    p.setTimestamp(2, Timestamp.from(Instant.now()));
                    p.setTimestamp(3, Timestamp.from(Instant.now()));
                    p.executeUpdate();
                }
                assertThrows(SQLException.class, () -> insertToken(c, schema, share, recipient, "ef".repeat(32)));
                insertToken(c, schema, null, recipient, "01".repeat(32));
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

    private static void insertShareAndToken(Connection c, String schema, UUID share, UUID token, String hash)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".shares (id, name, name_key, created_at, updated_at) VALUES (?, 's', 's', ?, ?)")) {
            p.setObject(1, share);
            p.setTimestamp(2, Timestamp.from(Instant.now()));
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".recipient_tokens (id, share_id, secret_hash, display_prefix, public_endpoint, created_at)"
                + " VALUES (?, ?, ?, 'dapiabcdef', 'http://x', ?)")) {
            p.setObject(1, token);
            p.setObject(2, share);
            p.setString(3, hash);
            p.setTimestamp(4, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
    }

    private static void insertToken(Connection c, String schema, UUID share, UUID recipient, String hash)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema
                + ".recipient_tokens (id, share_id, recipient_id, secret_hash, display_prefix, public_endpoint,"
                + " created_at) VALUES (?, ?, ?, ?, 'dapiabcdef', 'http://x', ?)")) {
            p.setObject(1, UUID.randomUUID());
            p.setObject(2, share);
            p.setObject(3, recipient);
            p.setString(4, hash);
            p.setTimestamp(5, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
    }
}
