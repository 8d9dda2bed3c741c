package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import io.lakeshare.storage.UrlHolders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Usage in the catalog: hourly rows per token and table, to which each replica adds what it counted
 * (see {@code UsageMeter}), read back summed per table for a recipient. Adding is an {@code UPDATE …
 * SET requests = requests + ?}, so replicas adding to the same row at once lose nothing; the first
 * count of an hour inserts the row, and a replica that loses that race adds again as an update.
 */
@ApplicationScoped
public class UsageService {

    /** What one token did to one table (named as its requests named it) in one hour. */
    public record TableCounts(
            Instant hour,
            UUID tokenId,
            String share,
            String schema,
            String table,
            long requests,
            long files,
            long responseBytes,
            Instant firstSeen,
            Instant lastSeen) {}

    /**
     * Data files fetched through the server's signed URLs issued to {@code holder} (a token id, or
     * token and share ids), from one directory {@code bucket/directory} in one hour: the table is the
     * shared table that directory lies in.
     */
    public record DownloadCounts(
            Instant hour,
            String holder,
            String bucket,
            String directory,
            long downloads,
            long bytes,
            Instant firstSeen,
            Instant lastSeen) {}

    /** A recipient's use of one table, summed over its tokens and the hours kept. */
    public record TableUsage(
            String share,
            String schema,
            String table,
            long requests,
            long files,
            long responseBytes,
            long downloads,
            long downloadBytes,
            Instant firstSeen,
            Instant lastSeen) {}

    public static Instant hourOf(Instant time) {
        return time.truncatedTo(ChronoUnit.HOURS);
    }

    /** Adds the counts to their rows, in one transaction. */
    @CatalogWrite
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void add(List<TableCounts> tables, List<DownloadCounts> downloads) {
        Map<UUID, Optional<TokenEntity>> tokens = new HashMap<>();
        for (TableCounts c : tables) {
            Optional<TokenEntity> token = tokens.computeIfAbsent(c.tokenId(), id -> TokenEntity.findByIdOptional(id));
            String[] names = canonical(c.share(), c.schema(), c.table());
            add(
                    c.hour(),
                    c.tokenId(),
                    recipientOf(token),
                    names,
                    c.requests(),
                    c.files(),
                    c.responseBytes(),
                    0,
                    0,
                    c.firstSeen(),
                    c.lastSeen());
        }
        for (DownloadCounts d : downloads) {
            UUID tokenId;
            try {
                tokenId = UUID.fromString(UrlHolders.tokenId(d.holder()));
            } catch (IllegalArgumentException notAnId) {
                continue;
            }
            Optional<TokenEntity> token = tokens.computeIfAbsent(tokenId, id -> TokenEntity.findByIdOptional(id));
            Optional<UUID> shareId = UrlHolders.shareId(d.holder())
                    .map(UUID::fromString)
                    .or(() -> token.filter(t -> t.share != null).map(t -> t.share.id));
            Optional<String[]> names = shareId.flatMap(id -> tableHolding(id, d.bucket(), d.directory()));
            // A table removed since its URLs were issued: the download is no one's table any more.
            names.ifPresent(n -> add(
                    d.hour(),
                    tokenId,
                    recipientOf(token),
                    n,
                    0,
                    0,
                    0,
                    d.downloads(),
                    d.bytes(),
                    d.firstSeen(),
                    d.lastSeen()));
        }
    }

    private static UUID recipientOf(Optional<TokenEntity> token) {
        return token.map(t -> t.recipient == null ? null : t.recipient.id).orElse(null);
    }

    private static void add(
            Instant hour,
            UUID tokenId,
            UUID recipientId,
            String[] names,
            long requests,
            long files,
            long responseBytes,
            long downloads,
            long downloadBytes,
            Instant firstSeen,
            Instant lastSeen) {
        int updated = UsageEntity.update(
                "requests = requests + ?1, files = files + ?2, responseBytes = responseBytes + ?3,"
                        + " downloads = downloads + ?4, downloadBytes = downloadBytes + ?5,"
                        + " firstSeen = case when firstSeen > ?6 then ?6 else firstSeen end,"
                        + " lastSeen = case when lastSeen < ?7 then ?7 else lastSeen end"
                        + " where hourStart = ?8 and tokenId = ?9 and shareName = ?10 and schemaName = ?11 and tableName = ?12",
                requests,
                files,
                responseBytes,
                downloads,
                downloadBytes,
                firstSeen,
                lastSeen,
                hour,
                tokenId,
                names[0],
                names[1],
                names[2]);
        if (updated == 0) {
            UsageEntity row = new UsageEntity();
            row.id = UUID.randomUUID();
            row.hourStart = hour;
            row.tokenId = tokenId;
            row.recipientId = recipientId;
            row.shareName = names[0];
            row.schemaName = names[1];
            row.tableName = names[2];
            row.requests = requests;
            row.files = files;
            row.responseBytes = responseBytes;
            row.downloads = downloads;
            row.downloadBytes = downloadBytes;
            row.firstSeen = firstSeen;
            row.lastSeen = lastSeen;
            row.persist();
        }
    }

    /** The catalog's spelling of a table's names (requests may differ in case); as given for one since removed. */
    private static String[] canonical(String share, String schema, String table) {
        List<Object[]> found = SharedTableEntity.getEntityManager()
                .createQuery(
                        "select t.schema.share.name, t.schema.name, t.name from SharedTableEntity t"
                                + " where t.schema.share.nameKey = ?1 and t.schema.nameKey = ?2 and t.nameKey = ?3",
                        Object[].class)
                .setParameter(1, Names.key(share))
                .setParameter(2, Names.key(schema))
                .setParameter(3, Names.key(table))
                .getResultList();
        if (found.isEmpty()) {
            return new String[] {share, schema, table};
        }
        Object[] row = found.get(0);
        return new String[] {(String) row[0], (String) row[1], (String) row[2]};
    }

    /** The table of the share whose prefix holds {@code directory} (the longest, if nested). */
    private static Optional<String[]> tableHolding(UUID shareId, String bucket, String directory) {
        List<SharedTableEntity> tables =
                SharedTableEntity.list("schema.share.id = ?1 and bucket = ?2", shareId, bucket);
        String dir = directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/";
        SharedTableEntity best = null;
        for (SharedTableEntity t : tables) {
            if (dir.startsWith(t.prefix) && (best == null || t.prefix.length() > best.prefix.length())) {
                best = t;
            }
        }
        return Optional.ofNullable(best).map(t -> new String[] {t.schema.share.name, t.schema.name, t.name});
    }

    /** Deletes the rows of hours that began before {@code before}; how many. */
    @CatalogWrite
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long prune(Instant before) {
        return UsageEntity.delete("hourStart < ?1", before);
    }

    /** What the recipient read, per table, summed over its tokens (removed ones included) and the hours kept. */
    @Transactional
    public List<TableUsage> ofRecipient(String name) {
        RecipientEntity recipient = RecipientEntity.findByName(name)
                .orElseThrow(() -> LakeshareException.notFound("Recipient '" + name + "' does not exist"));
        List<Object[]> rows = UsageEntity.getEntityManager()
                .createQuery(
                        "select u.shareName, u.schemaName, u.tableName, sum(u.requests), sum(u.files), sum(u.responseBytes),"
                                + " sum(u.downloads), sum(u.downloadBytes), min(u.firstSeen), max(u.lastSeen)"
                                + " from UsageEntity u where u.recipientId = ?1"
                                + " group by u.shareName, u.schemaName, u.tableName"
                                + " order by u.shareName, u.schemaName, u.tableName",
                        Object[].class)
                .setParameter(1, recipient.id)
                .getResultList();
        List<TableUsage> usage = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            usage.add(new TableUsage(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(),
                    ((Number) r[6]).longValue(),
                    ((Number) r[7]).longValue(),
                    (Instant) r[8],
                    (Instant) r[9]));
        }
        return usage;
    }
}
