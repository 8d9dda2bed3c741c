package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.fixtures.MinioServer;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.iceberg.DeltaAsIcebergOnDisk;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The log cache keeps local copies of an S3 table's log files. Reading one commit file of a listing
 * brings the listing's other commit files in too, at the same time, since Kernel would otherwise
 * fetch them one round trip after another, and so does the checkpoint the listing starts from; a
 * listing alone (a version lookup) fetches nothing, and a commit file read without a listing is
 * fetched alone.
 */
class LogFileCacheTest {

    private static final String BUCKET = "logs";
    private static final String LOG = "t/_delta_log/";
    private static final int COMMITS = 12;
    private static final String CHECKPOINTED_LOG = "c/_delta_log/";
    private static final List<String> CHECKPOINTED = List.of(
            "00000000000000000003.checkpoint.parquet",
            "00000000000000000003.json",
            "00000000000000000004.json",
            "00000000000000000005.json",
            "00000000000000000006.checkpoint.parquet",
            "00000000000000000006.json",
            "00000000000000000007.json");

    @TempDir
    static Path root;

    static MinioServer minio;
    static Storage storage;

    @BeforeAll
    static void putALogIntoMinio() throws Exception {
        Assumptions.assumeTrue(
                MinioServer.binary().isPresent(), "MinIO is not installed (./dev test builds it from source)");
        minio = MinioServer.start();
        try (S3Client s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create(minio.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MinioServer.ACCESS_KEY, MinioServer.SECRET_KEY)))
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            for (int v = 0; v < COMMITS; v++) {
                String key = commitKey(v);
                s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content(key)));
            }
            s3.putObject(b -> b.bucket(BUCKET).key(LOG + "_last_checkpoint"), RequestBody.fromString("{}"));
            for (String name : CHECKPOINTED) {
                s3.putObject(b -> b.bucket(BUCKET).key(CHECKPOINTED_LOG + name), RequestBody.fromString(name));
            }
        }
        storage = new Storage(DeltaAsIcebergOnDisk.storageConfig(
                root, DeltaAsIcebergOnDisk.s3(minio.endpoint(), MinioServer.ACCESS_KEY, MinioServer.SECRET_KEY)));
    }

    @AfterAll
    static void stopMinio() {
        if (minio != null) {
            minio.close();
        }
    }

    private static String commitKey(int version) {
        return LOG + String.format("%020d.json", version);
    }

    private static String content(String key) {
        return "{\"commitInfo\":{\"key\":\"" + key + "\"}}\n";
    }

    private static List<StoredObject> listing() {
        List<StoredObject> listed = new ArrayList<>();
        storage.forBucket(BUCKET).listFrom(BUCKET, LOG).forEachRemaining(listed::add);
        return listed;
    }

    private static StoredObject commit(List<StoredObject> listed, int version) {
        return listed.stream()
                .filter(o -> o.key().equals(commitKey(version)))
                .findFirst()
                .orElseThrow();
    }

    private static Optional<Path> read(LogFileCache cache, StoredObject o) {
        return cache.local(new ObjectPath(BUCKET, o.key()), o.size());
    }

    private static long copies(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .count();
        }
    }

    /** Fetches ahead run in the background: waited for up to 30 s, not timed. */
    private static void awaitCopies(Path dir, long count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (copies(dir) < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void readingOneCommitOfAListingFetchesTheOthersToo(@TempDir Path dir) throws Exception {
        LogFileCache cache = new LogFileCache(storage, dir, 1 << 30);
        List<StoredObject> listed = listing();
        cache.listed(BUCKET, LOG, listed);

        StoredObject newest = commit(listed, COMMITS - 1);
        assertEquals(content(newest.key()), Files.readString(read(cache, newest).orElseThrow()));

        // The others come in beside it.
        awaitCopies(dir, COMMITS);
        assertEquals(COMMITS, copies(dir), "every commit file of the listing, and nothing else");
        for (int v = 0; v < COMMITS; v++) {
            StoredObject o = commit(listed, v);
            assertEquals(content(o.key()), Files.readString(read(cache, o).orElseThrow()));
        }
        assertEquals(COMMITS, copies(dir));
    }

    @Test
    void aListingAloneFetchesNothing(@TempDir Path dir) throws Exception {
        LogFileCache cache = new LogFileCache(storage, dir, 1 << 30);
        cache.listed(BUCKET, LOG, listing());
        assertEquals(0, copies(dir));
    }

    @Test
    void aCommitReadWithoutAListingIsFetchedAlone(@TempDir Path dir) throws Exception {
        LogFileCache cache = new LogFileCache(storage, dir, 1 << 30);
        StoredObject first = commit(listing(), 0);
        assertEquals(content(first.key()), Files.readString(read(cache, first).orElseThrow()));
        assertEquals(1, copies(dir));
    }

    @Test
    void readingACommitOutsideTheListingFetchesItAlone(@TempDir Path dir) throws Exception {
        LogFileCache cache = new LogFileCache(storage, dir, 1 << 30);
        List<StoredObject> listed = listing();
        // A listing from version 6 on, as Kernel makes after a checkpoint at version 6.
        cache.listed(BUCKET, LOG, listed.subList(6, listed.size()));
        assertTrue(read(cache, commit(listed, 2)).isPresent());
        assertEquals(1, copies(dir));
    }

    @Test
    void theCheckpointAListingStartsFromIsFetchedWithItsCommits(@TempDir Path dir) throws Exception {
        LogFileCache cache = new LogFileCache(storage, dir, 1 << 30);
        // As Kernel lists for version 5: from the checkpoint at 3, to the end of the log.
        List<StoredObject> listed = new ArrayList<>();
        storage.forBucket(BUCKET)
                .listFrom(BUCKET, CHECKPOINTED_LOG + CHECKPOINTED.get(0))
                .forEachRemaining(listed::add);
        cache.listed(BUCKET, CHECKPOINTED_LOG, listed);
        StoredObject newest = listed.get(listed.size() - 1);
        assertTrue(read(cache, newest).isPresent());

        // Five commit files and the checkpoint at 3; not the later checkpoint.
        awaitCopies(dir, 6);
        assertEquals(6, copies(dir));
        for (StoredObject o : listed) {
            boolean later = o.key().endsWith("06.checkpoint.parquet");
            assertTrue(read(cache, o).isPresent());
            assertEquals(later ? 7 : 6, copies(dir), o.key());
            if (later) {
                break;
            }
        }
    }
}
