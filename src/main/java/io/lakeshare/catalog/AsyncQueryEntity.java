package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An asynchronous query: what was asked, and its state. */
@Entity
@Table(name = "async_queries")
public class AsyncQueryEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    @Column(name = "table_id", nullable = false)
    public UUID tableId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The query request, as JSON. */
    @Column(nullable = false)
    public String request;

    @Column(nullable = false)
    public String status;

    public Long version;

    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** Until when the replica running the pending query holds it; lapsed, another may take it over. */
    @Column(name = "lease_until")
    public Instant leaseUntil;
}
