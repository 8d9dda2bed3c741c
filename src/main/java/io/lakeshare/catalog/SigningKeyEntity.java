package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A server-wide HMAC key, kept in the database so that every replica signs and verifies alike. */
@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity extends PanacheEntityBase {

    @Id
    public String purpose;

    /** Base64 of the key bytes. */
    @Column(nullable = false)
    public String secret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
