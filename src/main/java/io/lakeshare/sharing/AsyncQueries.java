package io.lakeshare.sharing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.AsyncQueryService;
import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Asynchronous queries (the {@code asyncquery} capability, PROTOCOL.md "Get Query Info"): started
 * on a bounded pool, kept in the database, polled from any replica.
 */
@ApplicationScoped
public class AsyncQueries {

    private static final Logger LOG = Logger.getLogger(AsyncQueries.class);

    @Inject
    AsyncQueryService asyncQueries;

    @Inject
    AsyncQueryRunner runner;

    @Inject
    TableReaders readers;

    @Inject
    TableVersions versions;

    @Inject
    SnapshotQueries snapshotQueries;

    @Inject
    ObjectMapper mapper;

    @Inject
    TablesConfig tables;

    /**
     * Polls an asynchronous query: its status while it runs, then its result, paged by the poll's
     * {@code maxFiles}/{@code pageToken}, at the version the query was pinned to.
     */
    public TableLines poll(
            Bearer recipient, SharedTable shared, String queryId, QueryRequest poll, ResponseOptions options) {
        AsyncQueryService.AsyncQuery query = parseQueryId(queryId)
                .flatMap(id -> asyncQueries.find(recipient, shared.id(), id))
                .orElseThrow(() -> LakeshareException.notFound("Query " + queryId + " does not exist or has expired"));
        if (query.status() != AsyncQueryService.Status.DONE) {
            if (query.abandonedAt(Instant.now())) {
                takeOver(query, shared, options);
            }
            return queryStatus(
                    query.id().toString(),
                    query.status() == AsyncQueryService.Status.PENDING ? "pending" : "failed",
                    query.error());
        }
        QueryRequest asked = stored(query.request());
        QueryRequest paged =
                poll == null ? asked.withPage(null, null) : asked.withPage(poll.maxFiles(), poll.pageToken());
        paged.validate();
        return snapshotQueries.query(recipient, shared, paged, options, query.version());
    }

    /** Records the query, starts it on the bounded pool, and answers at once with its id. */
    public TableLines start(Bearer recipient, SharedTable shared, QueryRequest request, ResponseOptions options) {
        String stored = json(request.withPage(null, null));
        if (stored.length() > InputLimits.STORED_QUERY) {
            throw LakeshareException.invalidParameter("The query is " + stored.length()
                    + " characters as JSON; an asynchronous query may have at most " + InputLimits.STORED_QUERY
                    + " (send shorter predicate hints, or query without asyncquery=true)");
        }
        AsyncQueryService.Created created = asyncQueries.findOrCreate(
                recipient, shared.id(), request.idempotency(), stored, tables.asyncQueryTtl(), AsyncQueryRunner.LEASE);
        UUID id = created.query().id();
        if (created.isNew() && !runner.submit(id, () -> run(id, shared, request, options))) {
            asyncQueries.failed(id, "The server is running too many queries; try again later");
        }
        return queryStatus(id.toString(), "pending", null);
    }

    /**
     * Runs, here, a pending query the replica that took it no longer holds (it died, or shut down
     * before finishing): the one replica whose claim lands runs it; the poll answers pending.
     */
    private void takeOver(AsyncQueryService.AsyncQuery query, SharedTable shared, ResponseOptions options) {
        try {
            if (!asyncQueries.claim(query.id(), AsyncQueryRunner.LEASE)) {
                return; // another replica claimed it first
            }
        } catch (RuntimeException e) {
            LOG.debugf("Asynchronous query %s not taken over now: %s", query.id(), e.toString());
            return; // the catalog cannot take the write now; a later poll tries again
        }
        LOG.infof(
                "Asynchronous query %s of %s lost the replica running it; running it here", query.id(), shared.name());
        QueryRequest request = stored(query.request());
        if (!runner.submit(query.id(), () -> run(query.id(), shared, request, options))) {
            asyncQueries.failed(query.id(), "The server is running too many queries; try again later");
        }
    }

    /** The slow part: the snapshot and its totals, then kept in the cache for the polls. */
    private void run(UUID id, SharedTable shared, QueryRequest request, ResponseOptions options) {
        try {
            long version = versions.resolve(shared, request.version(), request.timestamp());
            TableLocation location = shared.location();
            TableSnapshot snapshot = readers.of(location).snapshot(location, version);
            snapshot.requireServable();
            ResponseFormats.choose(options.capabilities(), snapshot, shared.name());
            asyncQueries.done(id, version);
        } catch (LakeshareException | TableException e) {
            asyncQueries.failed(id, e.getMessage());
        } catch (RuntimeException e) {
            if (runner.stopping()) {
                return; // cut short by shutdown, not failed: its lease is given up for another replica
            }
            // Not a refusal but a failure: its text is for the server's log, not the recipient.
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "Asynchronous query %s of %s failed, error id %s", id, shared.name(), errorId);
            asyncQueries.failed(id, "The query failed; the server log has the details under error id " + errorId);
        }
    }

    /** Spark's client wants a Delta-Table-Version header on every answer to a POST, even this one. */
    private static TableLines queryStatus(String id, String status, String error) {
        return new TableLines(
                0,
                "asyncquery=true",
                null,
                lines -> lines.line(
                        new ParquetFormat.QueryStatusLine(new ParquetFormat.QueryStatus(id, status, error))));
    }

    private String json(QueryRequest request) {
        try {
            return mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private QueryRequest stored(String json) {
        try {
            return mapper.readValue(json, QueryRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored query request cannot be read back", e);
        }
    }

    private static Optional<UUID> parseQueryId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
