package io.lakeshare.catalog;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure of the catalog database itself (its disk full or read-only, the database closed
 * or out of reach, a commit it could not make) from a failure of one request. The reasons are fixed
 * phrases, safe to show to any caller: never a driver's message, which can quote statements and
 * paths.
 *
 * <p>The causes and the suppressed exceptions are both searched: a failed commit reaches the caller
 * as the transaction manager's {@link RollbackException}, with the driver's exception suppressed in
 * it rather than as its cause.
 */
public final class CatalogFailures {

    public static final String DISK_FULL = "the disk under it is full";
    public static final String READ_ONLY = "it is read-only";
    public static final String STORAGE_FAILED = "its storage failed";
    public static final String CLOSED = "it closed after a failed write";
    public static final String NO_CONNECTION = "it does not answer";
    public static final String COMMIT_FAILED = "it could not commit the change";
    public static final String WRITE_FAILED = "it cannot store a write";

    // H2's error codes (org.h2.api.ErrorCode), whose SQL states are the codes themselves.
    private static final int H2_DATABASE_IS_READ_ONLY = 90097;
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;
    private static final int H2_IO_EXCEPTION_1 = 90028;
    private static final int H2_IO_EXCEPTION_2 = 90031;

    private CatalogFailures() {}

    /** Why the catalog database cannot take requests, when {@code failure} says so; else empty. */
    public static Optional<String> reason(Throwable failure) {
        Found found = search(failure);
        if (found.requestRefused) {
            return Optional.empty(); // the request's own conflict or value, whatever else failed with it
        }
        if (found.reason != null) {
            return Optional.of(found.reason);
        }
        // A failed commit is the database's, unless the driver said why and it was nothing of the above.
        return found.commitFailed && !found.sqlFailed ? Optional.of(COMMIT_FAILED) : Optional.empty();
    }

    /**
     * Whether the database refused a value of the request (too long, out of range: SQL states of
     * class 22): the caller's to fix, not the database's.
     */
    public static boolean refusedValue(Throwable failure) {
        return search(failure).valueRefused;
    }

    /** What a failure of the request's own making is, when the database refused it for a conflict. */
    public enum Conflict {
        SHARE("A share of that name"),
        SCHEMA("A schema of that name"),
        TABLE("A table of that name"),
        ASYNC_QUERY("A query with that idempotencyKey"),
        OIDC_BINDING("A binding of that OIDC issuer and subject"),
        /** A row the change refers to was removed at the same time. */
        GONE(null),
        OTHER(null);

        private final String subject;

        Conflict(String subject) {
            this.subject = subject;
        }

        /** What already exists, for a caller; null for a conflict that is not a duplicate. */
        public String subject() {
            return subject;
        }
    }

    /**
     * The conflict the database refused the request for (SQL states of class 23: a unique name taken
     * by a concurrent create, a row removed under the change), when it did; else empty. Told by the
     * constraint's name, which H2 and PostgreSQL both quote.
     */
    public static Optional<Conflict> conflict(Throwable failure) {
        return Optional.ofNullable(search(failure).conflict);
    }

    private static Conflict conflictOf(SQLException sql, String state) {
        String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("uq_shares_name")) {
            return Conflict.SHARE;
        }
        if (message.contains("uq_share_schemas_name")) {
            return Conflict.SCHEMA;
        }
        if (message.contains("uq_shared_tables_name")) {
            return Conflict.TABLE;
        }
        if (message.contains("uq_async_queries_key")) {
            return Conflict.ASYNC_QUERY;
        }
        if (message.contains("uq_recipient_tokens_oidc_subject")) {
            return Conflict.OIDC_BINDING;
        }
        // 23503: a foreign key whose row is gone (H2 uses 23506 for the parent side too).
        return state.equals("23503") || state.equals("23506") ? Conflict.GONE : Conflict.OTHER;
    }

    private static Found search(Throwable failure) {
        Found found = new Found();
        search(failure, found, Collections.newSetFromMap(new IdentityHashMap<>()), false);
        return found;
    }

    private static final class Found {
        String reason;
        boolean commitFailed;
        boolean sqlFailed;
        boolean requestRefused;
        boolean valueRefused;
        Conflict conflict;
    }

    /** {@code underSql}: within a driver's exception, where an I/O failure is the database's own. */
    private static void search(Throwable t, Found found, Set<Throwable> seen, boolean underSql) {
        if (t == null || seen.size() > 100 || !seen.add(t)) {
            return;
        }
        if (t instanceof RollbackException
                || t instanceof HeuristicMixedException
                || t instanceof HeuristicRollbackException) {
            found.commitFailed = true;
        } else if (t instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            found.sqlFailed = true;
            found.valueRefused |= state.startsWith("22");
            found.requestRefused |= state.startsWith("22") || state.startsWith("23");
            if (state.startsWith("23") && (found.conflict == null || found.conflict == Conflict.OTHER)) {
                found.conflict = conflictOf(sql, state);
            }
            prefer(found, ofSql(sql, state));
            underSql = true;
        } else if (t instanceof IOException io && underSql) {
            prefer(found, ofIo(io));
        }
        search(t.getCause(), found, seen, underSql);
        for (Throwable suppressed : t.getSuppressed()) {
            search(suppressed, found, seen, underSql);
        }
    }

    /** The first reason found stands, unless a more telling one (the disk full, read-only) comes later. */
    private static void prefer(Found found, String reason) {
        if (reason != null && (found.reason == null || rank(reason) > rank(found.reason))) {
            found.reason = reason;
        }
    }

    private static int rank(String reason) {
        return DISK_FULL.equals(reason) || READ_ONLY.equals(reason) ? 2 : 1;
    }

    private static String ofSql(SQLException sql, String state) {
        int code = sql.getErrorCode();
        if (code == H2_DATABASE_IS_READ_ONLY || state.equals("25006")) {
            return READ_ONLY;
        }
        if (state.equals("53100")) {
            return DISK_FULL;
        }
        if (code == H2_DATABASE_IS_CLOSED || code == H2_DATABASE_CALLED_AT_SHUTDOWN) {
            return CLOSED;
        }
        if (code == H2_IO_EXCEPTION_1 || code == H2_IO_EXCEPTION_2 || state.startsWith("53") || state.equals("58030")) {
            return STORAGE_FAILED;
        }
        if (state.startsWith("08")
                || state.startsWith("57P")
                || sql instanceof SQLTransientConnectionException
                || sql instanceof SQLNonTransientConnectionException
                || sql instanceof SQLRecoverableException
                || sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout")) {
            return NO_CONNECTION;
        }
        return null;
    }

    private static String ofIo(IOException io) {
        String message = io.getMessage() == null ? "" : io.getMessage();
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return DISK_FULL;
        }
        if (message.contains("Read-only file system")) {
            return READ_ONLY;
        }
        return STORAGE_FAILED;
    }
}
