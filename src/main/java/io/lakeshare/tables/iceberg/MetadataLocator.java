package io.lakeshare.tables.iceberg;

import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.StorageException;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import io.lakeshare.tables.TableLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the current metadata file of a catalog-less Iceberg table the way Iceberg does for tables
 * kept on a file system: {@code metadata/version-hint.text} names version N ({@code vN.metadata.json});
 * without a hint, the metadata file with the highest version number wins ({@code vN.metadata.json},
 * or {@code NNNNN-uuid.metadata.json} as catalogs name them; ties go to the newest object). A
 * catalog-managed table can have orphan metadata files from failed commits that only its catalog
 * tells apart: share those as {@code iceberg-rest} through their catalog.
 */
final class MetadataLocator {

    /** The chosen file and, for owners' eyes, why it was chosen. */
    record Current(String key, String reason) {}

    private static final Pattern VERSIONED =
            Pattern.compile("(?:v(\\d+)|(\\d+)-[^/]*)\\.(?:gz\\.)?metadata\\.json(?:\\.gz)?");
    private static final int MAX_LISTED = 1_000_000;

    private MetadataLocator() {}

    static Current locate(ObjectStore store, TableLocation.StoragePrefix table) {
        String bucket = table.bucket();
        String dir = table.prefix() + "metadata/";
        try {
            Optional<Current> hinted = fromHint(store, bucket, dir);
            if (hinted.isPresent()) {
                return hinted.get();
            }
            List<StoredObject> listed = store.list(bucket, dir, MAX_LISTED);
            return listed.stream()
                    .filter(o -> o.key().indexOf('/', dir.length()) < 0)
                    .filter(o ->
                            VERSIONED.matcher(o.key().substring(dir.length())).matches())
                    .max(Comparator.comparingLong(
                                    (StoredObject o) -> versionOf(o.key().substring(dir.length())))
                            .thenComparing(StoredObject::lastModified))
                    .map(o -> new Current(
                            o.key(),
                            "no version-hint.text; the highest metadata version in " + dir + " is "
                                    + o.key().substring(dir.length())))
                    .orElseThrow(() -> new TableException(
                            Kind.NOT_FOUND,
                            "Table '" + table.name() + "' has no Iceberg metadata" + " file",
                            new IllegalStateException("No Iceberg metadata file in " + bucket + "/" + dir)));
        } catch (StorageException e) {
            throw TableException.readFailure(table, "its Iceberg metadata", e);
        }
    }

    static long versionOf(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        if (!m.matches()) {
            return -1;
        }
        return Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static Optional<Current> fromHint(ObjectStore store, String bucket, String dir) {
        String hintKey = dir + "version-hint.text";
        if (store.stat(bucket, hintKey).isEmpty()) {
            return Optional.empty();
        }
        String hint;
        try (InputStream in = store.read(bucket, hintKey, 0, -1)) {
            hint = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new StorageException("Cannot read " + bucket + "/" + hintKey, e);
        }
        if (hint.matches("\\d+")) {
            // The hint may lag the newest commit: roll forward while the next version exists.
            long version = Long.parseLong(hint);
            String found = null;
            for (long v = version; ; v++) {
                String key = existing(store, bucket, dir, v);
                if (key == null) {
                    break;
                }
                found = key;
            }
            if (found != null) {
                return Optional.of(new Current(
                        found,
                        "version-hint.text names version " + hint
                                + (versionOf(found.substring(dir.length())) > version
                                        ? ", rolled forward to the newest"
                                        : "")));
            }
        } else {
            String name = hint.endsWith(".metadata.json") ? hint : hint + ".metadata.json";
            if (store.stat(bucket, dir + name).isPresent()) {
                return Optional.of(new Current(dir + name, "version-hint.text names " + name));
            }
        }
        return Optional.empty();
    }

    private static String existing(ObjectStore store, String bucket, String dir, long version) {
        for (String name : List.of(
                "v" + version + ".metadata.json",
                "v" + version + ".gz.metadata.json",
                "v" + version + ".metadata.json.gz")) {
            if (store.stat(bucket, dir + name).isPresent()) {
                return dir + name;
            }
        }
        return null;
    }
}
