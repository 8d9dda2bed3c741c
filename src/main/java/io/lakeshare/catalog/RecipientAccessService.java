package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * What a bearer may see of the catalog: a share token its own share, a recipient's token the shares
 * granted to the recipient as they stand at this request, and nothing else. Anything outside them
 * is reported as missing, never as forbidden, so that other shares cannot be probed for.
 *
 * <p>Listings are keyset-paginated on the case-insensitive name keys: {@code after} is the key of
 * the last item of the previous page, and {@code limit} items at most are returned.
 */
@ApplicationScoped
public class RecipientAccessService {

    /** A position in the list of all tables of a share: schema key, then table key. */
    public record TableKey(String schemaKey, String tableKey) {}

    @Transactional
    public List<Share> listShares(Bearer recipient, Optional<String> after, int limit) {
        var shares = recipient.shareId() != null
                ? ShareEntity.<ShareEntity>find(
                        "id = ?1 and nameKey > ?2 order by nameKey", recipient.shareId(), after.orElse(""))
                : ShareEntity.<ShareEntity>find(
                        "id in (select g.share.id from GrantEntity g where g.recipient.id = ?1) and nameKey > ?2"
                                + " order by nameKey",
                        recipient.recipientId(),
                        after.orElse(""));
        return shares.range(0, limit - 1).list().stream().map(Share::of).toList();
    }

    @Transactional
    public Share share(Bearer recipient, String share) {
        return Share.of(visibleShare(recipient, share));
    }

    @Transactional
    public List<String> listSchemas(Bearer recipient, String share, Optional<String> after, int limit) {
        ShareEntity visible = visibleShare(recipient, share);
        return SchemaEntity.<SchemaEntity>find(
                        "share = ?1 and nameKey > ?2 order by nameKey", visible, after.orElse(""))
                .range(0, limit - 1)
                .list()
                .stream()
                .map(s -> s.name)
                .toList();
    }

    @Transactional
    public List<SharedTable> listTables(
            Bearer recipient, String share, String schema, Optional<String> after, int limit) {
        SchemaEntity visible = visibleSchema(recipient, share, schema);
        return SharedTableEntity.<SharedTableEntity>find(
                        "schema = ?1 and nameKey > ?2 order by nameKey", visible, after.orElse(""))
                .range(0, limit - 1)
                .list()
                .stream()
                .map(SharedTable::of)
                .toList();
    }

    @Transactional
    public List<SharedTable> listAllTables(Bearer recipient, String share, Optional<TableKey> after, int limit) {
        ShareEntity visible = visibleShare(recipient, share);
        TableKey from = after.orElse(new TableKey("", ""));
        return SharedTableEntity.<SharedTableEntity>find(
                        "schema.share = ?1 and (schema.nameKey > ?2 or (schema.nameKey = ?2 and nameKey > ?3))"
                                + " order by schema.nameKey, nameKey",
                        visible,
                        from.schemaKey(),
                        from.tableKey())
                .range(0, limit - 1)
                .list()
                .stream()
                .map(SharedTable::of)
                .toList();
    }

    /**
     * The properties of the recipient asking, read at this request (so that a change applies from the
     * next one); a share token has none.
     */
    @Transactional
    public java.util.Map<String, String> properties(Bearer bearer) {
        if (bearer.recipientId() == null) {
            return java.util.Map.of();
        }
        RecipientEntity recipient = RecipientEntity.findById(bearer.recipientId());
        return recipient == null ? java.util.Map.of() : java.util.Map.copyOf(recipient.properties);
    }

    /** The table a recipient addresses by share, schema and table name, if it may see it. */
    @Transactional
    public SharedTable table(Bearer recipient, String share, String schema, String table) {
        SchemaEntity visible = visibleSchema(recipient, share, schema);
        return SharedTableEntity.findByName(visible, table)
                .map(SharedTable::of)
                .orElseThrow(() -> LakeshareException.notFound("Table '" + share + "." + schema + "." + table
                        + "' does not exist, or is not shared with you"));
    }

    private static ShareEntity visibleShare(Bearer recipient, String share) {
        return ShareEntity.findByName(share)
                .filter(s -> visible(recipient, s))
                .orElseThrow(() ->
                        LakeshareException.notFound("Share '" + share + "' does not exist, or is not shared with you"));
    }

    private static boolean visible(Bearer bearer, ShareEntity share) {
        if (bearer.shareId() != null) {
            return share.id.equals(bearer.shareId());
        }
        return GrantEntity.count("share.id = ?1 and recipient.id = ?2", share.id, bearer.recipientId()) > 0;
    }

    private static SchemaEntity visibleSchema(Bearer recipient, String share, String schema) {
        return SchemaEntity.findByName(visibleShare(recipient, share), schema)
                .orElseThrow(() -> LakeshareException.notFound(
                        "Schema '" + share + "." + schema + "' does not exist, or is not shared with you"));
    }
}
