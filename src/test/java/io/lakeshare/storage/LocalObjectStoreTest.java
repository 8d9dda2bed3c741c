package io.lakeshare.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the warehouse root is read, whatever a key or a link in the warehouse says: every
 * operation (list, listFrom, stat, read) treats a way out as a missing object. Links that stay
 * inside the warehouse keep working.
 */
class LocalObjectStoreTest {

    private static final byte[] SECRET = "outside the warehouse: never served\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private Path root;
    private Path table;
    private Path outside;
    private LocalObjectStore store;

    @BeforeEach
    void aWarehouseWithLinksOut() throws IOException {
        root = Files.createDirectories(tmp.resolve("warehouse"));
        table = Files.createDirectories(root.resolve("bucket/table/_delta_log"));
        Files.writeString(table.resolve("00000000000000000000.json"), "{\"commitInfo\":{}}\n");
        Files.writeString(root.resolve("bucket/table/part-0.parquet"), "PAR1 inside PAR1");
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(outside.resolve("secret.parquet"), SECRET);
        Files.write(outside.resolve("00000000000000000001.json"), SECRET);

        Files.createSymbolicLink(root.resolve("bucket/table/part-1.parquet"), outside.resolve("secret.parquet"));
        Files.createSymbolicLink(root.resolve("bucket/table/passwd.parquet"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(
                table.resolve("00000000000000000001.json"), outside.resolve("00000000000000000001.json"));
        Files.createSymbolicLink(root.resolve("bucket/linked-table"), outside);
        Files.createSymbolicLink(root.resolve("bucket/relative.parquet"), Path.of("../../elsewhere/secret.parquet"));
        Files.createSymbolicLink(root.resolve("linked-bucket"), outside);
        store = new LocalObjectStore(root);
    }

    @Test
    void aFileLinkedOutsideIsMissingToStatAndRead() {
        for (String key : List.of(
                "table/part-1.parquet",
                "table/passwd.parquet",
                "relative.parquet",
                "table/_delta_log/00000000000000000001.json",
                "linked-table/secret.parquet")) {
            assertTrue(store.stat("bucket", key).isEmpty(), key);
            StorageException refused =
                    assertThrows(StorageException.class, () -> store.read("bucket", key, 0, -1), key);
            assertTrue(refused.missingObject(), key + " is refused as missing, so that callers answer 404");
        }
    }

    @Test
    void listingsLeaveOutWhatLeadsOutside() {
        assertEquals(
                List.of("table/_delta_log/00000000000000000000.json", "table/part-0.parquet"),
                keys(store.list("bucket", "", 100)));
        assertEquals(
                List.of("table/_delta_log/00000000000000000000.json"),
                keys(store.listFrom("bucket", "table/_delta_log/00000000000000000000.json")));
        assertEquals(
                List.of(),
                keys(store.list("bucket", "linked-table/", 100)),
                "a directory linked outside lists nothing");
        assertEquals(List.of(), keys(store.listFrom("bucket", "linked-table/0")));
    }

    @Test
    void aBucketLinkedOutsideDoesNotExist() {
        StorageException refused =
                assertThrows(StorageException.class, () -> store.stat("linked-bucket", "secret.parquet"));
        assertTrue(refused.missingObject());
        assertThrows(StorageException.class, () -> store.read("linked-bucket", "secret.parquet", 0, -1));
        assertThrows(StorageException.class, () -> store.list("linked-bucket", "", 10));
        assertThrows(StorageException.class, () -> store.listFrom("linked-bucket", "s"));
    }

    @Test
    void keysThatClimbOutOrAreAbsoluteAreRefused() {
        for (String key : List.of(
                "../../elsewhere/secret.parquet",
                "table/../../../elsewhere/secret.parquet",
                "/etc/passwd",
                "table/..",
                "table/\u0000.parquet")) {
            assertThrows(StorageException.class, () -> store.read("bucket", key, 0, -1), key);
            assertTrue(statRefused("bucket", key), key);
        }
        for (String bucket : List.of("..", "", "bucket/../..", "/etc", "bucket/table")) {
            assertThrows(StorageException.class, () -> store.read(bucket, "passwd", 0, -1), bucket);
        }
    }

    @Test
    void aDirectoryIsNoObject() {
        assertTrue(store.stat("bucket", "table").isEmpty());
        assertThrows(StorageException.class, () -> store.read("bucket", "table/_delta_log", 0, -1));
    }

    @Test
    void linksThatStayInsideTheWarehouseAreFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("bucket/alias"), root.resolve("bucket/table"));
        Files.createSymbolicLink(root.resolve("bucket/table/same.parquet"), Path.of("part-0.parquet"));

        assertEquals(
                16, store.stat("bucket", "alias/part-0.parquet").orElseThrow().size());
        assertArrayEquals(
                "PAR1 inside PAR1".getBytes(StandardCharsets.US_ASCII), readAll("bucket", "table/same.parquet"));
        assertEquals(
                List.of("alias/_delta_log/00000000000000000000.json"),
                keys(store.listFrom("bucket", "alias/_delta_log/0")));
        assertTrue(
                keys(store.list("bucket", "", 100)).containsAll(List.of("alias/part-0.parquet", "table/same.parquet")));
    }

    @Test
    void aWarehouseReachedThroughALinkStillContainsItsFiles() throws IOException {
        Path viaLink = Files.createSymbolicLink(tmp.resolve("warehouse-link"), root);
        LocalObjectStore linked = new LocalObjectStore(viaLink);
        assertArrayEquals(
                "PAR1 inside PAR1".getBytes(StandardCharsets.US_ASCII),
                readAll(linked, "bucket", "table/part-0.parquet"));
        assertTrue(linked.stat("bucket", "table/part-1.parquet").isEmpty());
    }

    @Test
    void aRangeIsReadFromTheFileItself() throws IOException {
        try (InputStream in = store.read("bucket", "table/part-0.parquet", 5, 6)) {
            assertEquals("inside", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertFalse(store.stat("bucket", "table/part-0.parquet").isEmpty());
    }

    private boolean statRefused(String bucket, String key) {
        try {
            return store.stat(bucket, key).isEmpty();
        } catch (StorageException e) {
            return true;
        }
    }

    private byte[] readAll(String bucket, String key) throws IOException {
        return readAll(store, bucket, key);
    }

    private static byte[] readAll(LocalObjectStore store, String bucket, String key) throws IOException {
        try (InputStream in = store.read(bucket, key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private static List<String> keys(List<StoredObject> objects) {
        return objects.stream().map(StoredObject::key).toList();
    }

    @Test
    void aNewObjectIsWrittenWholeOnceAndNeverReplaced() throws IOException {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        assertTrue(store.createIfAbsent("bucket", "_lakeshare/iceberg/t/metadata/v0.metadata.json", first));
        assertFalse(store.createIfAbsent(
                "bucket", "_lakeshare/iceberg/t/metadata/v0.metadata.json", "second".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(
                first, Files.readAllBytes(root.resolve("bucket/_lakeshare/iceberg/t/metadata/v0.metadata.json")));
        try (var files = Files.list(root.resolve("bucket/_lakeshare/iceberg/t/metadata"))) {
            assertEquals(
                    List.of("v0.metadata.json"),
                    files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void nothingIsWrittenOutsideTheWarehouse() {
        assertThrows(StorageException.class, () -> store.createIfAbsent("bucket", "../../elsewhere/new.json", SECRET));
        assertThrows(StorageException.class, () -> store.createIfAbsent("bucket", "linked-table/new/x.json", SECRET));
        assertThrows(StorageException.class, () -> store.createIfAbsent("bucket", "linked-table/x.json", SECRET));
        assertFalse(Files.exists(outside.resolve("new")));
        assertFalse(Files.exists(outside.resolve("x.json")));
        assertFalse(Files.exists(tmp.resolve("elsewhere/new.json")));
    }

    private static List<String> keys(java.util.Iterator<StoredObject> objects) {
        List<String> keys = new ArrayList<>();
        objects.forEachRemaining(o -> keys.add(o.key()));
        return keys;
    }
}
