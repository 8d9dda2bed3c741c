package io.lakeshare.tables.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.storage.LocalObjectStore;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the current metadata of a catalog-less Iceberg table is found, as Iceberg finds it. */
class MetadataLocatorTest {

    @TempDir
    Path root;

    private void touch(String key, String content) throws Exception {
        Path file = root.resolve("b").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private MetadataLocator.Current locate() {
        return MetadataLocator.locate(
                new LocalObjectStore(root), new TableLocation.StoragePrefix(TableFormat.ICEBERG, "b", "t/", "t"));
    }

    @Test
    void theHighestVersionWinsWithoutAHint() throws Exception {
        touch("t/metadata/00001-aaa.metadata.json", "{}");
        touch("t/metadata/00010-bbb.metadata.json", "{}");
        touch("t/metadata/00002-ccc.metadata.json", "{}");
        touch("t/metadata/snap-1-1-x.avro", "");
        MetadataLocator.Current current = locate();
        assertEquals("t/metadata/00010-bbb.metadata.json", current.key());
        assertTrue(current.reason().contains("no version-hint.text"), current.reason());
    }

    @Test
    void aVersionHintIsFollowedAndRolledForward() throws Exception {
        touch("t/metadata/v1.metadata.json", "{}");
        touch("t/metadata/v2.metadata.json", "{}");
        touch("t/metadata/v3.metadata.json", "{}");
        touch("t/metadata/version-hint.text", "2\n");
        MetadataLocator.Current current = locate();
        assertEquals("t/metadata/v3.metadata.json", current.key());
        assertTrue(current.reason().contains("rolled forward"), current.reason());
    }

    @Test
    void noMetadataIsNotFound() {
        assertThrows(TableException.class, this::locate);
    }

    @Test
    void versionsAreReadFromBothNamingSchemes() {
        assertEquals(7, MetadataLocator.versionOf("v7.metadata.json"));
        assertEquals(7, MetadataLocator.versionOf("v7.gz.metadata.json"));
        assertEquals(12, MetadataLocator.versionOf("00012-6f1c.metadata.json"));
        assertEquals(-1, MetadataLocator.versionOf("version-hint.text"));
    }

    @Test
    void locationsOutsideTheSharedBucketAreRefused() {
        IcebergLocations locations = new IcebergLocations("b", root);
        assertEquals(new ObjectPath("b", "t/data/x.parquet"), locations.resolve("s3://b/t/data/x.parquet"));
        assertEquals(new ObjectPath("b", "t/data/x.parquet"), locations.resolve("s3a://b/t/data/x.parquet"));
        assertEquals(
                new ObjectPath("b", "t/x.parquet"),
                locations.resolve(root.resolve("b/t/x.parquet").toUri().toString()));
        assertThrows(TableException.class, () -> locations.resolve("s3://other/t/x.parquet"));
        assertThrows(TableException.class, () -> locations.resolve("file:///etc/passwd"));
        assertThrows(TableException.class, () -> locations.resolve("hdfs://nn/t/x.parquet"));
    }
}
