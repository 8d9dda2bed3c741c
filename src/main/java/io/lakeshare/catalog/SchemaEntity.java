package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A schema inside a share; it groups tables. */
@Entity
@Table(name = "share_schemas")
public class SchemaEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "share_id")
    public ShareEntity share;

    @Column(nullable = false)
    public String name;

    @Column(name = "name_key", nullable = false)
    public String nameKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static Optional<SchemaEntity> findByName(ShareEntity share, String name) {
        return find("share = ?1 and nameKey = ?2", share, Names.key(name)).firstResultOptional();
    }
}
