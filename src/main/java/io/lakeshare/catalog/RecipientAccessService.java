package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * What a recipient may see of the catalog: its own share and nothing else. Anything outside it is
 * reported as missing, never as forbidden, so that other shares cannot be probed for.
 *
 * <p>Listings are keyset-paginated on the case-insensitive name keys: {@code after} is the key of
 * the last item of the previous page, and {@code limit} items at most are returned.
 */
@ApplicationScoped
public class RecipientAccessService {

    /** A position in the list of all tables of a share: schema key, then table key. */
    public record TableKey(String schemaKey, String tableKey) {}

    @Transactional
    public List<Share> listShares(Recipient recipient, Optional<String> after, int limit) {
        return ShareEntity.<ShareEntity>find(
                        "id = ?1 and nameKey > ?2 order by nameKey", recipient.shareId(), after.orElse(""))
                .range(0, limit - 1)
                .list()
                .stream()
                .map(Share::of)
                .toList();
    }

    @Transactional
    public Share share(Recipient recipient, String share) {
        return Share.of(visibleShare(recipient, share));
    }

    @Transactional
    public List<String> listSchemas(Recipient recipient, String share, Optional<String> after, int limit) {
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
            Recipient recipient, String share, String schema, Optional<String> after, int limit) {
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
    public List<SharedTable> listAllTables(Recipient recipient, String share, Optional<TableKey> after, int limit) {
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

    /** The table a recipient addresses by share, schema and table name, if it may see it. */
    @Transactional
    public SharedTable table(Recipient recipient, String share, String schema, String table) {
        SchemaEntity visible = visibleSchema(recipient, share, schema);
        return SharedTableEntity.findByName(visible, table)
                .map(SharedTable::of)
                .orElseThrow(() -> LakeshareException.notFound("Table '" + share + "." + schema + "." + table
                        + "' does not exist, or is not shared with you"));
    }

    private static ShareEntity visibleShare(Recipient recipient, String share) {
        return ShareEntity.findByName(share)
                .filter(s -> s.id.equals(recipient.shareId()))
                .orElseThrow(() ->
                        LakeshareException.notFound("Share '" + share + "' does not exist, or is not shared with you"));
    }

    private static SchemaEntity visibleSchema(Recipient recipient, String share, String schema) {
        return SchemaEntity.findByName(visibleShare(recipient, share), schema)
                .orElseThrow(() -> LakeshareException.notFound(
                        "Schema '" + share + "." + schema + "' does not exist, or is not shared with you"));
    }
}
