package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.catalog.AsyncQueries;
import io.lakeshare.catalog.Recipient;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Asynchronous queries: started on a bounded pool, kept in the database, polled from any replica. */
@ApplicationScoped
public class AsyncQueryService {

    @Inject
    AsyncQueries asyncQueries;

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
    Response poll(Recipient recipient, SharedTable shared, String queryId, QueryRequest poll, String capabilitiesHeader,
                  String fileIdHash) throws java.io.IOException {
        AsyncQueries.AsyncQuery query = parseQueryId(queryId).flatMap(id -> asyncQueries.find(recipient, shared.id(), id))
                .orElseThrow(() -> LakeshareException.notFound("Query " + queryId + " does not exist or has expired"));
        if (query.status() != AsyncQueries.Status.DONE) {
            return queryStatus(query.id().toString(), query.status() == AsyncQueries.Status.PENDING ? "pending" : "failed", query.error());
        }
        QueryRequest asked = mapper.readValue(query.request(), QueryRequest.class);
        QueryRequest paged = poll == null ? asked.withPage(null, null) : asked.withPage(poll.maxFiles(), poll.pageToken());
        SnapshotQueries.validate(paged);
        return snapshotQueries.query(recipient, shared, paged, Capabilities.parse(capabilitiesHeader), capabilitiesHeader, fileIdHash, query.version());
    }

    /** Records the query, starts it on the bounded pool, and answers at once with its id. */
    Response start(Recipient recipient, SharedTable shared, QueryRequest request, Capabilities capabilities) {
        String json;
        try {
            json = mapper.writeValueAsString(request.withPage(null, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AsyncQueries.Created created = asyncQueries.findOrCreate(recipient, shared.id(), request.idempotency(), json,
                tables.asyncQueryTtl());
        java.util.UUID id = created.query().id();
        if (created.isNew()) {
            boolean started = runner.submit(() -> {
                try {
                    // The slow part: the snapshot and its totals, then kept in the cache for the polls.
                    long version = versions.resolve(shared, request.version(), request.timestamp());
                    TableSnapshot snapshot = readers.snapshot(shared, version);
                    snapshot.requireServable();
                    ResponseFormats.choose(capabilities, snapshot, shared.name());
                    asyncQueries.done(id, version);
                } catch (RuntimeException e) {
                    asyncQueries.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            });
            if (!started) {
                asyncQueries.failed(id, "The server is running too many queries; try again later");
            }
        }
        return queryStatus(id.toString(), "pending", null);
    }

    private Response queryStatus(String id, String status, String error) {
        // Spark's client wants a Delta-Table-Version header on every answer to a POST, even this one.
        return Response.ok().type(NdjsonLines.MEDIA_TYPE).header(NdjsonLines.VERSION_HEADER, 0).header(Capabilities.HEADER, "asyncquery=true")
                .entity((StreamingOutput) out -> {
                    try (NdjsonLines lines = new NdjsonLines(mapper, out)) {
                        lines.write(new ParquetFormat.QueryStatusLine(new ParquetFormat.QueryStatus(id, status, error)));
                    }
                }).build();
    }

    private static java.util.Optional<java.util.UUID> parseQueryId(String id) {
        try {
            return java.util.Optional.of(java.util.UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
