package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableLocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;

/**
 * What the Iceberg REST catalog hands a recipient for an Iceberg table: where its current metadata
 * file is, the metadata itself (written by Iceberg Core's parser, then cut down to the history the
 * owner shares), and the object prefixes the table's files live under, which are all that remote
 * signing may sign for it.
 */
@ApplicationScoped
public class IcebergCatalogDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code metadataLocation} and {@code tableLocation} as clients read them ({@code s3://bucket/key});
     * {@code prefixes}: bucket and key prefix (ending in '/') of every place the table keeps files.
     */
    public record Document(
            String metadataLocation, String metadataJson, String tableLocation, List<ObjectPath> prefixes) {}

    private final IcebergTableReader reader;
    private final StorageConfig storageConfig;

    @Inject
    public IcebergCatalogDocuments(IcebergTableReader reader, StorageConfig storageConfig) {
        this.reader = reader;
        this.storageConfig = storageConfig;
    }

    /**
     * The table as it stands now. History off keeps only the current snapshot; a start version keeps
     * the snapshots numbered from it on. Either way the metadata log goes, since older metadata files
     * list the hidden snapshots.
     */
    public Document load(TableLocation location, boolean historyShared, Long startVersion) {
        Table table = reader.currentTable(location);
        TableMetadata metadata = ((HasTableOperations) table).operations().current();
        IcebergLocations locations =
                new IcebergLocations(null, storageConfig.local().root());
        ObjectPath metadataFile = locations.resolve(metadata.metadataFileLocation());
        ObjectPath root = locations.resolve(metadata.location());

        Set<ObjectPath> prefixes = new LinkedHashSet<>();
        prefixes.add(directory(root));
        prefixes.add(directory(parent(metadataFile)));
        Map<String, String> properties = metadata.properties();
        for (String key : List.of(
                TableProperties.WRITE_DATA_LOCATION,
                TableProperties.WRITE_METADATA_LOCATION,
                TableProperties.OBJECT_STORE_PATH,
                TableProperties.WRITE_FOLDER_STORAGE_LOCATION)) {
            String value = properties.get(key);
            if (value != null && !value.isBlank()) {
                prefixes.add(directory(locations.resolve(value)));
            }
        }
        String json = filtered(TableMetadataParser.toJson(metadata), metadata, historyShared, startVersion);
        return new Document(
                s3(metadataFile),
                json,
                s3(new ObjectPath(root.bucket(), trimSlash(root.key()))),
                List.copyOf(prefixes));
    }

    private static String filtered(String json, TableMetadata metadata, boolean historyShared, Long startVersion) {
        if (historyShared && (startVersion == null || startVersion <= 0)) {
            return json;
        }
        Set<Long> kept = new HashSet<>();
        Snapshot current = metadata.currentSnapshot();
        if (current != null) {
            kept.add(current.snapshotId());
        }
        if (historyShared) {
            for (Snapshot s : metadata.snapshots()) {
                if (s.sequenceNumber() >= startVersion) {
                    kept.add(s.snapshotId());
                }
            }
        }
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new TableException(Kind.DAMAGED, "The table's Iceberg metadata cannot be served", e);
        }
        keepIf(root.get("snapshots"), s -> kept.contains(s.path("snapshot-id").asLong()));
        keepIf(
                root.get("snapshot-log"),
                s -> kept.contains(s.path("snapshot-id").asLong()));
        keepIf(root.get("statistics"), s -> kept.contains(s.path("snapshot-id").asLong()));
        keepIf(
                root.get("partition-statistics"),
                s -> kept.contains(s.path("snapshot-id").asLong()));
        JsonNode refs = root.get("refs");
        if (refs instanceof ObjectNode refsObject) {
            List<String> gone = new ArrayList<>();
            refsObject.fields().forEachRemaining(e -> {
                if (!kept.contains(e.getValue().path("snapshot-id").asLong())) {
                    gone.add(e.getKey());
                }
            });
            refsObject.remove(gone);
        }
        root.set("metadata-log", JSON.createArrayNode());
        return root.toString();
    }

    private interface Keep {
        boolean test(JsonNode node);
    }

    private static void keepIf(JsonNode array, Keep keep) {
        if (array instanceof ArrayNode items) {
            for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
                if (!keep.test(it.next())) {
                    it.remove();
                }
            }
        }
    }

    private static ObjectPath directory(ObjectPath path) {
        String key = path.key();
        return new ObjectPath(path.bucket(), key.isEmpty() || key.endsWith("/") ? key : key + "/");
    }

    private static ObjectPath parent(ObjectPath file) {
        int slash = file.key().lastIndexOf('/');
        return new ObjectPath(file.bucket(), slash < 0 ? "" : file.key().substring(0, slash + 1));
    }

    private static String trimSlash(String key) {
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    }

    private static String s3(ObjectPath path) {
        return "s3://" + path.bucket() + "/" + path.key();
    }
}
