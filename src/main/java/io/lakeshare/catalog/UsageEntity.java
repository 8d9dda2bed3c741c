package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What one token read of one table in one hour (UTC), summed over every replica. */
@Entity
@Table(name = "usage_hours")
public class UsageEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "hour_start", nullable = false)
    public Instant hourStart;

    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    /** The token's recipient; null for a share token. */
    @Column(name = "recipient_id")
    public UUID recipientId;

    @Column(name = "share_name", nullable = false)
    public String shareName;

    @Column(name = "schema_name", nullable = false)
    public String schemaName;

    @Column(name = "table_name", nullable = false)
    public String tableName;

    @Column(nullable = false)
    public long requests;

    /** Files listed in query and change-feed answers. */
    @Column(nullable = false)
    public long files;

    @Column(name = "response_bytes", nullable = false)
    public long responseBytes;

    /** Data files fetched through the server's own signed URLs, and their bytes. */
    @Column(nullable = false)
    public long downloads;

    @Column(name = "download_bytes", nullable = false)
    public long downloadBytes;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;
}
