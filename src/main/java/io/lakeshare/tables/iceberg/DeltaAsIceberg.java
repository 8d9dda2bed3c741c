package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.config.DeltaIcebergConfig;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.storage.Storage;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.IcebergMetadataForDelta;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.TableSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Type;

/**
 * Iceberg metadata for Delta tables, generated from the Delta snapshot with Iceberg Core and kept in
 * a server-owned location of the same store: {@code <bucket>/<metadata-prefix><hash>/metadata/},
 * the hash naming the table's location and Delta table id. Each Delta version gets one metadata file,
 * {@code v<version>.metadata.json}, holding one snapshot (that version's files; no earlier snapshot,
 * so what a recipient is given never reaches back in the table's history). It is written last, only
 * if absent, after the manifests it names (under names of their own): replicas generating the same
 * version at once both succeed, the first metadata file written is the one every later call finds,
 * and the other's manifests are left unreferenced.
 *
 * <p>Refused, with the feature named: deletion vectors in the version's files, {@code timestamp_ntz}
 * and types Iceberg lacks, widened types, files without row counts, partition columns that are not
 * primitive, reader features this generator does not know. Column mapping (name and id modes) is
 * expressed by field ids, which Delta writers put in the Parquet files, with a name mapping of the
 * physical names for files without them.
 */
@ApplicationScoped
public class DeltaAsIceberg implements IcebergMetadataForDelta {

    /** Bumped whenever what is generated for a version changes: older files are then not reused. */
    private static final String REVISION = "1";

    private static final int FORMAT_VERSION = 2;
    private static final int FILES_PER_MANIFEST = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reader features whose use this generator either expresses or refuses by what the table holds. */
    private static final Set<String> KNOWN_READER_FEATURES = Set.of(
            "columnMapping",
            "deletionVectors",
            "timestampNtz",
            "v2Checkpoint",
            "vacuumProtocolCheck",
            "variantType",
            "variantType-preview",
            "typeWidening",
            "typeWidening-preview");

    private final Function<TableLocation, TableReader> readers;
    private final Storage storage;
    private final StorageConfig storageConfig;
    private final DeltaIcebergConfig config;

    @Inject
    public DeltaAsIceberg(
            TableReaders readers, Storage storage, StorageConfig storageConfig, DeltaIcebergConfig config) {
        this(readers::of, storage, storageConfig, config);
    }

    DeltaAsIceberg(
            Function<TableLocation, TableReader> readers,
            Storage storage,
            StorageConfig storageConfig,
            DeltaIcebergConfig config) {
        this.readers = readers;
        this.storage = storage;
        this.storageConfig = storageConfig;
        this.config = config;
    }

    @Override
    public String icebergMetadataLocation(TableLocation location, long version) {
        if (!(location instanceof TableLocation.StoragePrefix table) || table.format() != TableFormat.DELTA) {
            throw new IllegalArgumentException("Not a Delta table location: " + location.key());
        }
        TableSnapshot snapshot = readers.apply(table).snapshot(table, version);
        Target target = target(table, snapshot);
        try {
            if (storage.forBucket(target.bucket)
                    .stat(target.bucket, target.metadataKey)
                    .isPresent()) {
                return target.uri(target.metadataKey);
            }
            byte[] metadata = generate(table, snapshot, target);
            // Written last, only if absent: a replica that was first has written the same version.
            storage.forBucket(target.bucket).createIfAbsent(target.bucket, target.metadataKey, metadata);
            return target.uri(target.metadataKey);
        } catch (TableException e) {
            throw e;
        } catch (RuntimeException e) {
            // The store (unreachable, refusing the write) or a file Iceberg could not write or read back.
            throw TableException.readFailure(table, "its generated Iceberg metadata", e);
        }
    }

    /** Where a table's generated metadata lives. */
    private final class Target {
        final String bucket;
        final String dir;
        final String metadataKey;

        Target(String bucket, String dir, long version) {
            this.bucket = bucket;
            this.dir = dir;
            this.metadataKey = dir + "metadata/v" + version + ".metadata.json";
        }

        String uri(String key) {
            return storage.uriOf(bucket, key);
        }
    }

    private Target target(TableLocation.StoragePrefix table, TableSnapshot snapshot) {
        String bucket = config.bucket().orElse(table.bucket());
        String prefix = config.metadataPrefix();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        String hash = sha256(REVISION + "\n" + table.bucket() + "/" + table.prefix() + "\n"
                        + snapshot.metadata().id())
                .substring(0, 32);
        return new Target(bucket, prefix + hash + "/", snapshot.version());
    }

    private byte[] generate(TableLocation.StoragePrefix table, TableSnapshot snapshot, Target target) {
        String name = table.name();
        refuseReaderFeatures(name, snapshot);
        var summary = snapshot.summary();
        if (summary.filesWithDeletionVectors() > 0) {
            throw DeltaSchemas.unsupported(
                    name,
                    "version " + snapshot.version() + " has rows deleted by deletion vectors (Delta feature"
                            + " 'deletionVectors') in " + summary.filesWithDeletionVectors()
                            + " files; Iceberg readers would read those rows (compacting the table, e.g."
                            + " OPTIMIZE or REORG ... APPLY (PURGE), removes them)");
        }
        if (summary.filesWithoutStats() > 0) {
            throw DeltaSchemas.unsupported(
                    name,
                    summary.filesWithoutStats() + " files of version " + snapshot.version()
                            + " have no statistics (numRecords), which Iceberg manifests require");
        }
        var metadata = snapshot.metadata();
        DeltaSchemas.Converted schema = DeltaSchemas.convert(name, metadata.schemaString(), metadata.configuration());
        PartitionSpec spec = spec(name, schema, metadata.partitionColumns());
        List<DeltaSchemas.Column> partitionColumns = new ArrayList<>();
        for (String column : metadata.partitionColumns()) {
            partitionColumns.add(column(schema, column));
        }

        String tableUri = storage.uriOf(table.bucket(), table.prefix().replaceAll("/+$", ""));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(schema.nameMapping()));
        properties.put("lakeshare.delta.version", String.valueOf(snapshot.version()));
        String uuid = tableUuid(metadata.id());
        TableMetadata base = TableMetadata.buildFromEmpty(FORMAT_VERSION)
                .assignUUID(uuid)
                .setLocation(tableUri)
                .setCurrentSchema(schema.schema(), schema.lastColumnId())
                .setDefaultPartitionSpec(spec)
                .setDefaultSortOrder(SortOrder.unsorted())
                .setProperties(properties)
                .build();
        // The spec as the metadata holds it (partition field ids assigned), for the manifests.
        PartitionSpec boundSpec = base.spec();

        GeneratedFileIO io = new GeneratedFileIO(
                storage,
                new IcebergLocations(target.bucket, storageConfig.local().root()));
        Operations ops = new Operations(base, io, target, snapshotId(uuid, snapshot.version()));
        String manifestPrefix = target.dir + "metadata/v" + snapshot.version() + "-" + UUID.randomUUID() + "-m";
        List<ManifestFile> manifests = new ArrayList<>();
        ManifestWriter<org.apache.iceberg.DataFile>[] writer = new ManifestWriter[1];
        int[] inManifest = {0};
        RuntimeException[] failure = {null};
        snapshot.forEachFile(file -> {
            try {
                if (writer[0] == null) {
                    writer[0] = ManifestFiles.write(
                            FORMAT_VERSION,
                            boundSpec,
                            io.newOutputFile(target.uri(manifestPrefix + manifests.size() + ".avro")),
                            null);
                }
                writer[0].add(dataFile(name, file, boundSpec, schema, partitionColumns));
                if (++inManifest[0] >= FILES_PER_MANIFEST) {
                    manifests.add(close(writer[0]));
                    writer[0] = null;
                    inManifest[0] = 0;
                }
                return true;
            } catch (RuntimeException e) {
                failure[0] = e;
                return false;
            }
        });
        if (failure[0] != null) {
            if (writer[0] != null) {
                try {
                    writer[0].close();
                } catch (IOException | RuntimeException ignored) {
                    // Already failing; the partial manifest is never referenced.
                }
            }
            throw failure[0];
        }
        if (writer[0] != null) {
            manifests.add(close(writer[0]));
        }

        AppendFiles append = new BaseTable(ops, name).newFastAppend();
        manifests.forEach(append::appendManifest);
        append.set("lakeshare.delta.version", String.valueOf(snapshot.version()));
        append.set("lakeshare.delta.commit-timestamp-ms", String.valueOf(snapshot.timestamp()));
        append.commit();
        return TableMetadataParser.toJson(ops.current()).getBytes(StandardCharsets.UTF_8);
    }

    private static ManifestFile close(ManifestWriter<org.apache.iceberg.DataFile> writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toManifestFile();
    }

    private org.apache.iceberg.DataFile dataFile(
            String table,
            DataFile file,
            PartitionSpec spec,
            DeltaSchemas.Converted schema,
            List<DeltaSchemas.Column> partitionColumns) {
        JsonNode stats;
        try {
            stats = JSON.readTree(file.stats());
        } catch (IOException e) {
            throw DeltaSchemas.unsupported(table, "a file's statistics cannot be read");
        }
        if (!stats.path("numRecords").canConvertToLong()) {
            throw DeltaSchemas.unsupported(table, "a file has no row count (numRecords) in its statistics");
        }
        long rows = stats.path("numRecords").asLong();
        Object[] partition = new Object[partitionColumns.size()];
        for (int i = 0; i < partition.length; i++) {
            DeltaSchemas.Column column = partitionColumns.get(i);
            String raw = file.partitionValues().containsKey(column.physicalName())
                    ? file.partitionValues().get(column.physicalName())
                    : file.partitionValues().get(column.name());
            try {
                partition[i] =
                        DeltaFileMetrics.partitionValue(raw, column.type().asPrimitiveType());
            } catch (IllegalArgumentException e) {
                throw new TableException(
                        Kind.DAMAGED,
                        "Table '" + table + "' cannot be served as Iceberg: a partition value of column '"
                                + column.name() + "' is not of its type",
                        e);
            }
        }
        ObjectPath object = file.object();
        return DataFiles.builder(spec)
                .withPath(storage.uriOf(object.bucket(), object.key()))
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(file.size())
                .withPartition(new Values(partition))
                .withMetrics(DeltaFileMetrics.metrics(stats, rows, schema.leaves()))
                .build();
    }

    private static void refuseReaderFeatures(String table, TableSnapshot snapshot) {
        List<String> unknown = snapshot.protocol().readerFeatures().stream()
                .filter(f -> !KNOWN_READER_FEATURES.contains(f))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw DeltaSchemas.unsupported(
                    table, "it uses Delta reader features with no Iceberg counterpart here: " + unknown);
        }
    }

    private static PartitionSpec spec(String table, DeltaSchemas.Converted schema, List<String> partitionColumns) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema.schema());
        for (String name : partitionColumns) {
            DeltaSchemas.Column column = column(schema, name);
            Type type = column.type();
            if (!type.isPrimitiveType() || type.typeId() == Type.TypeID.BINARY || type.typeId() == Type.TypeID.FIXED) {
                throw DeltaSchemas.unsupported(table, "partition column '" + name + "' has type " + type);
            }
            spec.identity(column.name());
        }
        return spec.build();
    }

    private static DeltaSchemas.Column column(DeltaSchemas.Converted schema, String name) {
        return schema.columns().stream()
                .filter(c -> c.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new TableException(
                        Kind.DAMAGED, "The table's partition column '" + name + "' is not in its schema", null));
    }

    /** The Delta table's id when it is a UUID (writers make it one), else one named by it. */
    private static String tableUuid(String deltaId) {
        try {
            return UUID.fromString(deltaId).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            return UUID.nameUUIDFromBytes(String.valueOf(deltaId).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
    }

    /** The same snapshot id whoever generates the version: positive, from the table and version. */
    private static long snapshotId(String uuid, long version) {
        String hex = sha256(uuid + "@" + version).substring(0, 16);
        return Long.parseUnsignedLong(hex, 16) & Long.MAX_VALUE;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A partition tuple in Iceberg's internal representation. */
    private record Values(Object[] values) implements StructLike {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(values[pos]);
        }

        @Override
        public <T> void set(int pos, T value) {
            values[pos] = value;
        }
    }

    /** Table operations over one generated metadata in memory: the append commits into it. */
    private static final class Operations implements TableOperations {
        private TableMetadata current;
        private final FileIO io;
        private final Target target;
        private final long snapshotId;

        Operations(TableMetadata base, FileIO io, Target target, long snapshotId) {
            this.current = base;
            this.io = io;
            this.target = target;
            this.snapshotId = snapshotId;
        }

        @Override
        public TableMetadata current() {
            return current;
        }

        @Override
        public TableMetadata refresh() {
            return current;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            if (base != current) {
                throw new IllegalStateException("Generated metadata changed under its commit");
            }
            current = metadata;
        }

        @Override
        public FileIO io() {
            return io;
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return target.uri(target.dir + "metadata/" + fileName);
        }

        @Override
        public LocationProvider locationProvider() {
            return org.apache.iceberg.LocationProviders.locationsFor(current.location(), current.properties());
        }

        @Override
        public long newSnapshotId() {
            return snapshotId;
        }
    }
}
