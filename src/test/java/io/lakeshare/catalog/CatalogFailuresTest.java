package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

/** Which failures are the catalog database's own, told apart by what the drivers report. */
class CatalogFailuresTest {

    /** As H2 reports a commit its disk refused: the driver's exception suppressed in the commit's, the I/O error deep inside. */
    private static RollbackException failedCommit(String ioMessage) {
        SQLException driver = new SQLException(
                "General error: MVStoreException: Writing failed",
                "HY000",
                50000,
                new IllegalStateException("Writing to FileChannel failed", new IOException(ioMessage)));
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(driver);
        RollbackException commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(xa);
        return commit;
    }

    @Test
    void aCommitOnAFullOrReadOnlyDiskSaysWhy() {
        assertEquals(
                Optional.of(CatalogFailures.DISK_FULL),
                CatalogFailures.reason(new RuntimeException(failedCommit("No space left on device"))));
        assertEquals(
                Optional.of(CatalogFailures.READ_ONLY), CatalogFailures.reason(failedCommit("Read-only file system")));
        assertEquals(
                Optional.of(CatalogFailures.STORAGE_FAILED),
                CatalogFailures.reason(failedCommit("Input/output error")));
        assertEquals(
                Optional.of(CatalogFailures.COMMIT_FAILED),
                CatalogFailures.reason(new RollbackException("Could not commit")));
    }

    @Test
    void theDatabasesOwnStatesAreRecognised() {
        assertEquals(
                Optional.of(CatalogFailures.DISK_FULL),
                CatalogFailures.reason(new SQLException("could not extend file", "53100")));
        assertEquals(
                Optional.of(CatalogFailures.READ_ONLY),
                CatalogFailures.reason(new SQLException("cannot execute INSERT in a read-only transaction", "25006")));
        assertEquals(
                Optional.of(CatalogFailures.READ_ONLY),
                CatalogFailures.reason(new SQLException("The database is read only", "90097", 90097)));
        assertEquals(
                Optional.of(CatalogFailures.CLOSED),
                CatalogFailures.reason(new SQLException("The database has been closed", "90098", 90098)));
        assertEquals(
                Optional.of(CatalogFailures.NO_CONNECTION),
                CatalogFailures.reason(new SQLException("Connection refused", "08001")));
        assertEquals(
                Optional.of(CatalogFailures.NO_CONNECTION),
                CatalogFailures.reason(new SQLException("terminating connection", "57P01")));
        assertEquals(
                Optional.of(CatalogFailures.NO_CONNECTION),
                CatalogFailures.reason(
                        new SQLTransientConnectionException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void aUniqueIndexTakenByAConcurrentCreateNamesWhatExists() {
        assertEquals(
                Optional.of(CatalogFailures.Conflict.SHARE),
                CatalogFailures.conflict(new SQLIntegrityConstraintViolationException(
                        "Unique index or primary key violation: \"PUBLIC.UQ_SHARES_NAME ON PUBLIC.SHARES(NAME)\"",
                        "23505")));
        assertEquals(
                Optional.of(CatalogFailures.Conflict.OIDC_BINDING),
                CatalogFailures.conflict(new SQLException(
                        "duplicate key value violates unique constraint \"uq_recipient_tokens_oidc_subject\"",
                        "23505")));
        assertEquals(
                Optional.of(CatalogFailures.Conflict.OTHER),
                CatalogFailures.conflict(new SQLException("duplicate key value violates unique constraint", "23505")));
    }

    @Test
    void aRequestsOwnFailureIsNotTheDatabases() {
        SQLException duplicate = new SQLIntegrityConstraintViolationException("duplicate key", "23505");
        RollbackException commit = new RollbackException("Could not commit");
        commit.initCause(duplicate);
        assertEquals(Optional.empty(), CatalogFailures.reason(commit));
        RollbackException tooLong = new RollbackException("Could not commit");
        tooLong.addSuppressed(new SQLException("Value too long for column IDEMPOTENCY_KEY", "22001", 22001));
        assertEquals(Optional.empty(), CatalogFailures.reason(tooLong));
        assertTrue(CatalogFailures.refusedValue(tooLong), "the caller's to fix");
        assertFalse(CatalogFailures.refusedValue(failedCommit("No space left on device")));
        assertEquals(Optional.empty(), CatalogFailures.reason(new SQLException("syntax error", "42601")));
        // An I/O failure outside the database (a table's storage) is not the catalog's.
        assertEquals(
                Optional.empty(),
                CatalogFailures.reason(new UncheckedIOException(new IOException("No space left on device"))));
        assertEquals(Optional.empty(), CatalogFailures.reason(new IllegalArgumentException("bad")));
    }

    @Test
    void anEmbeddedDatabaseLivesInTheDirectoryOfItsFile() {
        assertEquals(
                Optional.of(Path.of("/var/lib/lakeshare")),
                CatalogDisk.embeddedDirectory(
                        "h2", "jdbc:h2:file:/var/lib/lakeshare/catalog;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
        assertEquals(Optional.of(Path.of("/data")), CatalogDisk.embeddedDirectory("h2", "jdbc:h2:/data/catalog"));
        assertEquals(Optional.empty(), CatalogDisk.embeddedDirectory("h2", "jdbc:h2:mem:lakeshare;DB_CLOSE_DELAY=-1"));
        assertEquals(Optional.empty(), CatalogDisk.embeddedDirectory("h2", "jdbc:h2:tcp://db:9092/catalog"));
        assertEquals(
                Optional.empty(), CatalogDisk.embeddedDirectory("postgresql", "jdbc:postgresql://db:5432/lakeshare"));
    }
}
