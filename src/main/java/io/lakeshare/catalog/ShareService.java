package io.lakeshare.catalog;

import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The owner's operations on shares and their tables. Each call is one transaction: all or nothing. */
@ApplicationScoped
public class ShareService {

    private static final Logger LOG = Logger.getLogger(ShareService.class);

    @Inject
    Event<TokenCheckCache.Revoked> revoked;

    @CatalogWrite
    @Transactional
    public ShareDetails create(String name, String description, String schema, List<String> tableSpecs) {
        Names.validate("share", name);
        Names.validate("schema", schema);
        InputLimits.atMost("description", description, InputLimits.SHARE_DESCRIPTION);
        List<TableSpec> specs =
                tableSpecs.stream().map(s -> TableSpec.parse(schema, s)).toList();
        rejectDuplicates(specs);
        if (ShareEntity.findByName(name).isPresent()) {
            throw LakeshareException.alreadyExists("Share '" + name + "' already exists");
        }
        Instant now = CatalogTime.now();
        ShareEntity share = new ShareEntity();
        share.id = UUID.randomUUID();
        share.name = name;
        share.nameKey = Names.key(name);
        share.description = description;
        share.createdAt = now;
        share.updatedAt = now;
        share.persist();
        SchemaEntity schemaEntity = newSchema(share, schema, now);
        for (TableSpec spec : specs) {
            newTable(schemaEntity, spec, now);
        }
        LOG.infof("Created share %s with %d table(s)", name, specs.size());
        return details(share);
    }

    @Transactional
    public List<ShareSummary> list() {
        List<ShareEntity> shares = ShareEntity.list("order by nameKey");
        Map<UUID, Long> tables =
                counts("select t.schema.share.id, count(t) from SharedTableEntity t group by t.schema.share.id");
        Map<UUID, Long> tokens = counts("select t.share.id, count(t) from TokenEntity t group by t.share.id");
        return shares.stream()
                .map(s -> new ShareSummary(Share.of(s), tables.getOrDefault(s.id, 0L), tokens.getOrDefault(s.id, 0L)))
                .toList();
    }

    @Transactional
    public ShareDetails details(String name) {
        return details(require(name));
    }

    /**
     * Changes a share: a new description, tables to add ({@code schema:name:format:bucket:prefix};
     * missing schemas are created) and tables to remove ({@code schema/table}; schemas left empty
     * go too), history settings ({@code schema/table=on|off[@start]}) and access settings
     * ({@code schema/table=url|dir}). Nothing changes unless every part is valid. Partition scopes
     * ({@code schema/table=SCOPE}, empty to clear; see {@link PartitionScope}) are checked here for
     * their form only: the caller checks them against the tables' partition columns where it can
     * read the tables. A table is never both opened to directory access and scoped.
     */
    @CatalogWrite
    @Transactional
    public ShareDetails update(
            String name,
            Optional<String> description,
            List<String> add,
            List<String> remove,
            List<String> history,
            List<String> access,
            List<String> partitions) {
        description.ifPresent(d -> InputLimits.atMost("description", d, InputLimits.SHARE_DESCRIPTION));
        ShareEntity share = require(name);
        List<TableSpec> specs = add.stream().map(TableSpec::parseWithSchema).toList();
        List<HistorySetting> settings =
                history.stream().map(HistorySetting::parse).toList();
        List<AccessSetting> accessSettings =
                access.stream().map(AccessSetting::parse).toList();
        List<PartitionSetting> scopes =
                partitions.stream().map(PartitionSetting::parse).toList();
        rejectDuplicates(specs);
        Instant now = CatalogTime.now();
        Set<SchemaEntity> touched = new HashSet<>();
        for (String ref : remove) {
            SharedTableEntity table = requireTable(share, ref);
            touched.add(table.schema);
            table.delete();
        }
        SharedTableEntity.flush();
        for (SchemaEntity schema : touched) {
            if (SharedTableEntity.count("schema", schema) == 0) {
                schema.delete();
            }
        }
        for (TableSpec spec : specs) {
            SchemaEntity schema =
                    SchemaEntity.findByName(share, spec.schema()).orElseGet(() -> newSchema(share, spec.schema(), now));
            if (SharedTableEntity.findByName(schema, spec.name()).isPresent()) {
                throw LakeshareException.alreadyExists("Table '" + spec.schema() + "/" + spec.name()
                        + "' already exists in share '" + share.name + "'");
            }
            newTable(schema, spec, now);
        }
        SharedTableEntity.flush();
        for (HistorySetting setting : settings) {
            SharedTableEntity table = requireTable(share, setting.schema() + "/" + setting.table());
            table.historyShared = setting.shared();
            table.startVersion = setting.startVersion();
        }
        for (AccessSetting setting : accessSettings) {
            SharedTableEntity table = requireTable(share, setting.schema() + "/" + setting.table());
            if (setting.directory() && table.format == TableFormat.ICEBERG_REST) {
                // Its files lie where its catalog says, under a prefix the catalog (not this server) controls.
                throw LakeshareException.invalidParameter("Table '" + setting.schema() + "/" + setting.table()
                        + "' is a table of an Iceberg REST catalog: only tables kept under a bucket prefix"
                        + " can be opened to directory access");
            }
            table.accessMode = setting.directory() ? SharedTable.DIR : SharedTable.URL;
        }
        for (PartitionSetting setting : scopes) {
            SharedTableEntity table = requireTable(share, setting.ref());
            String text = setting.scope() == null ? null : setting.scope().text();
            InputLimits.atMost("partition scope", text, 4000);
            table.partitionScope = text;
        }
        for (SharedTableEntity table : SharedTableEntity.<SharedTableEntity>list(
                "schema.share = ?1 and accessMode = ?2 and partitionScope is not null", share, SharedTable.DIR)) {
            // Directory access reads every file under the prefix: no partition scope could hold.
            throw LakeshareException.invalidParameter("Table '" + table.schema.name + "/" + table.name
                    + "' cannot be both opened to directory access and scoped to partitions:"
                    + " set its access to url, or clear its partition scope");
        }
        description.ifPresent(d -> share.description = d);
        share.updatedAt = now;
        LOG.infof(
                "Updated share %s: %d table(s) added, %d removed, %d history setting(s), %d access setting(s),"
                        + " %d partition scope(s)%s",
                share.name,
                specs.size(),
                remove.size(),
                settings.size(),
                accessSettings.size(),
                scopes.size(),
                description.isPresent() ? ", description changed" : "");
        return details(share);
    }

    /** Removes a share with its schemas and tables, revokes all its tokens at once, and takes it from its recipients. */
    @CatalogWrite
    @Transactional
    public void remove(String name) {
        ShareEntity share = require(name);
        long tokens = TokenEntity.delete("share", share);
        long grants = GrantEntity.delete("share", share);
        SharedTableEntity.delete("schema.id in (select s.id from SchemaEntity s where s.share = ?1)", share);
        SchemaEntity.delete("share", share);
        share.delete();
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof(
                "Removed share %s, revoked its %d token(s) and its grant(s) to %d recipient(s)",
                share.name, tokens, grants);
    }

    static ShareEntity require(String name) {
        return ShareEntity.findByName(name)
                .orElseThrow(() -> LakeshareException.notFound("Share '" + name + "' does not exist"));
    }

    private static SharedTableEntity requireTable(ShareEntity share, String ref) {
        String[] parts = ref.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw LakeshareException.invalidParameter("Cannot remove '" + ref + "': name tables as SCHEMA/TABLE");
        }
        return SchemaEntity.findByName(share, parts[0])
                .flatMap(schema -> SharedTableEntity.findByName(schema, parts[1]))
                .orElseThrow(() -> LakeshareException.notFound(
                        "Table '" + ref + "' does not exist in share '" + share.name + "'"));
    }

    private static void rejectDuplicates(List<TableSpec> specs) {
        Set<String> seen = new HashSet<>();
        for (TableSpec spec : specs) {
            if (!seen.add(Names.key(spec.schema()) + "/" + Names.key(spec.name()))) {
                throw LakeshareException.alreadyExists(
                        "Table '" + spec.schema() + "/" + spec.name() + "' is given twice");
            }
        }
    }

    private static SchemaEntity newSchema(ShareEntity share, String name, Instant now) {
        SchemaEntity schema = new SchemaEntity();
        schema.id = UUID.randomUUID();
        schema.share = share;
        schema.name = name;
        schema.nameKey = Names.key(name);
        schema.createdAt = now;
        schema.persist();
        return schema;
    }

    private static void newTable(SchemaEntity schema, TableSpec spec, Instant now) {
        SharedTableEntity table = new SharedTableEntity();
        table.id = UUID.randomUUID();
        table.schema = schema;
        table.name = spec.name();
        table.nameKey = Names.key(spec.name());
        table.format = spec.format();
        table.bucket = spec.bucket();
        table.prefix = spec.prefix();
        table.createdAt = now;
        table.persist();
    }

    private static ShareDetails details(ShareEntity share) {
        List<String> schemas = SchemaEntity.<SchemaEntity>list("share = ?1 order by nameKey", share).stream()
                .map(s -> s.name)
                .toList();
        List<SharedTable> tables =
                SharedTableEntity.<SharedTableEntity>list("schema.share = ?1 order by schema.nameKey, nameKey", share)
                        .stream()
                        .map(SharedTable::of)
                        .toList();
        List<String> recipients = GrantEntity.<GrantEntity>list("share = ?1 order by recipient.nameKey", share).stream()
                .map(g -> g.recipient.name)
                .toList();
        return new ShareDetails(Share.of(share), schemas, tables, TokenEntity.count("share", share), recipients);
    }

    private static Map<UUID, Long> counts(String query) {
        Map<UUID, Long> counts = new LinkedHashMap<>();
        List<Object[]> rows = ShareEntity.getEntityManager()
                .createQuery(query, Object[].class)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return counts;
    }
}
