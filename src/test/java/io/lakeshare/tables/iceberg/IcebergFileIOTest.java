package io.lakeshare.tables.iceberg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakeshare.config.StorageConfig;
import io.lakeshare.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's reads through the storage port: seeks land where asked, small and large objects alike. */
class IcebergFileIOTest {

    @TempDir
    Path root;

    private IcebergFileIO io() {
        StorageConfig config = new StorageConfig() {
            public java.time.Duration urlTtl() {
                return java.time.Duration.ofHours(1);
            }

            public java.time.Duration revocationCacheTtl() {
                return java.time.Duration.ofSeconds(5);
            }

            public StoreKind defaultStore() {
                return StoreKind.LOCAL;
            }

            public Map<String, Bucket> buckets() {
                return Map.of();
            }

            public Local local() {
                return () -> root;
            }

            public S3 s3() {
                throw new UnsupportedOperationException();
            }

            public Credentials credentials() {
                throw new UnsupportedOperationException();
            }
        };
        return new IcebergFileIO(new Storage(config), new IcebergLocations("b", root));
    }

    private byte[] object(String key, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path file = root.resolve("b").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return bytes;
    }

    private static void readsLikeTheBytes(InputFile file, byte[] bytes) throws Exception {
        assertEquals(bytes.length, file.getLength());
        try (SeekableInputStream in = file.newStream()) {
            for (long pos : new long[] {bytes.length - 10, 5, 1 << 20, 0}) {
                in.seek(pos);
                assertEquals(pos, in.getPos());
                byte[] chunk = new byte[10];
                assertEquals(10, in.readNBytes(chunk, 0, 10));
                assertArrayEquals(Arrays.copyOfRange(bytes, (int) pos, (int) pos + 10), chunk, "at " + pos);
                assertEquals(pos + 10, in.getPos());
            }
            in.seek(bytes.length);
            assertEquals(-1, in.read());
        }
    }

    @Test
    void smallObjectsAreReadWholeAndSeekInMemory() throws Exception {
        byte[] bytes = object("t/metadata/m.avro", 3 << 20);
        readsLikeTheBytes(io().newInputFile("s3://b/t/metadata/m.avro"), bytes);
    }

    @Test
    void largeObjectsAreReadByRangeFromEachSeek() throws Exception {
        byte[] bytes = object("t/metadata/big.avro", 17 << 20);
        readsLikeTheBytes(io().newInputFile("s3://b/t/metadata/big.avro", bytes.length), bytes);
    }

    @Test
    void missingObjectsAreNotFoundAsIcebergExpects() throws Exception {
        Files.createDirectories(root.resolve("b"));
        InputFile missing = io().newInputFile("s3://b/t/metadata/none.avro");
        assertFalse(missing.exists());
        assertThrows(NotFoundException.class, missing::getLength);
    }
}
