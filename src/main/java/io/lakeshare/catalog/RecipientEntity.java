package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** A recipient: a named partner the owner grants shares to and issues tokens for. */
@Entity
@Table(name = "recipients")
public class RecipientEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "name_key", nullable = false)
    public String nameKey;

    public String description;

    @ElementCollection
    @CollectionTable(name = "recipient_properties", joinColumns = @JoinColumn(name = "recipient_id"))
    @MapKeyColumn(name = "name")
    @Column(name = "prop_value", nullable = false)
    public Map<String, String> properties = new TreeMap<>();

    /** The networks (CIDR) it may call from; none: anywhere. */
    @ElementCollection
    @CollectionTable(name = "recipient_networks", joinColumns = @JoinColumn(name = "recipient_id"))
    @Column(name = "cidr", nullable = false)
    public Set<String> networks = new TreeSet<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static Optional<RecipientEntity> findByName(String name) {
        return find("nameKey", Names.key(name)).firstResultOptional();
    }
}
