package io.lakeshare.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Asynchronous queries kept in the database, so that any replica can answer a poll. The replica
 * running a pending query holds a lease on it, renewed while it runs; a lapsed lease means that
 * replica is gone, and the replica polling the query may {@link #claim} it and run it itself.
 */
@ApplicationScoped
public class AsyncQueryService {

    public enum Status {
        PENDING,
        DONE,
        FAILED
    }

    /** An asynchronous query as the sharing layer sees it. */
    public record AsyncQuery(
            UUID id, UUID tableId, String request, Status status, Long version, String error, Instant leaseUntil) {

        /** Pending, and no replica holds it any more. */
        public boolean abandonedAt(Instant now) {
            return status == Status.PENDING && (leaseUntil == null || leaseUntil.isBefore(now));
        }
    }

    /**
     * The query for this idempotency key, or a new pending one. Returns the query and whether it was
     * created now (and so has to be run).
     */
    @CatalogWrite
    @Transactional
    public Created findOrCreate(
            Bearer recipient, UUID tableId, String idempotencyKey, String request, Duration ttl, Duration lease) {
        Instant now = CatalogTime.now();
        AsyncQueryEntity.delete("expiresAt < ?1", now);
        if (idempotencyKey != null) {
            Optional<AsyncQueryEntity> existing = AsyncQueryEntity.find(
                            "tokenId = ?1 and tableId = ?2 and idempotencyKey = ?3",
                            recipient.tokenId(),
                            tableId,
                            idempotencyKey)
                    .firstResultOptional();
            if (existing.isPresent()) {
                return new Created(view(existing.get()), false);
            }
        }
        AsyncQueryEntity q = new AsyncQueryEntity();
        q.id = UUID.randomUUID();
        q.tokenId = recipient.tokenId();
        q.tableId = tableId;
        q.idempotencyKey = idempotencyKey;
        q.request = request;
        q.status = Status.PENDING.name();
        q.createdAt = now;
        q.expiresAt = now.plus(ttl);
        q.leaseUntil = now.plus(lease);
        q.persist();
        return new Created(view(q), true);
    }

    public record Created(AsyncQuery query, boolean isNew) {}

    /** The recipient's own query by id, if it exists and has not expired. */
    @Transactional
    public Optional<AsyncQuery> find(Bearer recipient, UUID tableId, UUID id) {
        return AsyncQueryEntity.<AsyncQueryEntity>findByIdOptional(id)
                .filter(q -> q.tokenId.equals(recipient.tokenId()) && q.tableId.equals(tableId))
                .filter(q -> q.expiresAt.isAfter(Instant.now()))
                .map(AsyncQueryService::view);
    }

    /**
     * Takes over a pending query whose lease lapsed: true for the one replica whose claim lands
     * (the update is conditional, so two replicas polling at once cannot both run it).
     */
    @Transactional
    public boolean claim(UUID id, Duration lease) {
        Instant now = CatalogTime.now();
        return AsyncQueryEntity.update(
                        "leaseUntil = ?1 where id = ?2 and status = ?3 and (leaseUntil is null or leaseUntil < ?4)",
                        now.plus(lease),
                        id,
                        Status.PENDING.name(),
                        now)
                == 1;
    }

    /** Extends the leases of the pending queries this replica is running. */
    @Transactional
    public void renew(Collection<UUID> ids, Duration lease) {
        if (!ids.isEmpty()) {
            AsyncQueryEntity.update(
                    "leaseUntil = ?1 where id in ?2 and status = ?3",
                    CatalogTime.now().plus(lease),
                    List.copyOf(ids),
                    Status.PENDING.name());
        }
    }

    /** Gives up the leases of queries this replica will not finish (it is shutting down), for others to take. */
    @Transactional
    public void release(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            AsyncQueryEntity.update(
                    "leaseUntil = null where id in ?1 and status = ?2", List.copyOf(ids), Status.PENDING.name());
        }
    }

    @Transactional
    public void done(UUID id, long version) {
        AsyncQueryEntity.<AsyncQueryEntity>findByIdOptional(id).ifPresent(q -> {
            q.status = Status.DONE.name();
            q.version = version;
        });
    }

    @Transactional
    public void failed(UUID id, String error) {
        AsyncQueryEntity.<AsyncQueryEntity>findByIdOptional(id).ifPresent(q -> {
            q.status = Status.FAILED.name();
            q.error = error.length() > 2000 ? error.substring(0, 2000) : error;
        });
    }

    private static AsyncQuery view(AsyncQueryEntity q) {
        return new AsyncQuery(q.id, q.tableId, q.request, Status.valueOf(q.status), q.version, q.error, q.leaseUntil);
    }
}
