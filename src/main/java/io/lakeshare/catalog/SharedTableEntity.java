package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A table shared in a schema: where it lives ({@code bucket} + {@code prefix}) and its format. */
@Entity
@Table(name = "shared_tables")
public class SharedTableEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "schema_id")
    public SchemaEntity schema;

    @Column(nullable = false)
    public String name;

    @Column(name = "name_key", nullable = false)
    public String nameKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TableFormat format;

    @Column(nullable = false)
    public String bucket;

    @Column(nullable = false)
    public String prefix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Whether recipients may read past versions (time travel) and changes. */
    @Column(name = "history_shared", nullable = false)
    public boolean historyShared = true;

    /** The first version of the history recipients may read; null: all of it. */
    @Column(name = "start_version")
    public Long startVersion;

    /** How recipients may read the table: {@code url} (per-file URLs) or {@code dir} (also its whole prefix). */
    @Column(name = "access_mode", nullable = false)
    public String accessMode = SharedTable.URL;

    /** The partitions recipients may see, as {@link PartitionScope#text()}; null: the whole table. */
    @Column(name = "partition_scope", length = 4000)
    public String partitionScope;

    static Optional<SharedTableEntity> findByName(SchemaEntity schema, String name) {
        return find("schema = ?1 and nameKey = ?2", schema, Names.key(name)).firstResultOptional();
    }
}
