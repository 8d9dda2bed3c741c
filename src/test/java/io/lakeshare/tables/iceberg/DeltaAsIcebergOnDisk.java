package io.lakeshare.tables.iceberg;

import io.lakeshare.config.DeltaIcebergConfig;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.TablesConfig;
import io.lakeshare.storage.Storage;
import io.lakeshare.tables.DamagedTables;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.delta.DeltaTableReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The generator as a replica runs it, on a local warehouse, without the server around it: for the
 * specifications, and as a command for the Python ones (pyiceberg reading what it generated).
 *
 * <p>{@code java -cp … DeltaAsIcebergOnDisk WAREHOUSE BUCKET PREFIX:VERSION...} prints the metadata
 * location of each table version, one a line. With {@code LAKESHARE_STORAGE_S3_ENDPOINT} (and
 * {@code _ACCESS_KEY_ID}, {@code _SECRET_ACCESS_KEY}) in the environment, the buckets are in that S3
 * store instead (WAREHOUSE then only holds local caches).
 */
public final class DeltaAsIcebergOnDisk {

    final Storage storage;
    final DeltaTableReader reader;
    final DeltaAsIceberg generator;
    final Path root;

    DeltaAsIcebergOnDisk(Path root, String metadataPrefix) {
        this(root, metadataPrefix, null);
    }

    /** With {@code s3} (not null), every bucket is in that S3 store; {@code root} keeps the local caches. */
    DeltaAsIcebergOnDisk(Path root, String metadataPrefix, StorageConfig.S3 s3) {
        this.root = root;
        StorageConfig storageConfig = storageConfig(root, s3);
        this.storage = new Storage(storageConfig);
        this.reader = new DeltaTableReader(storage, tablesConfig(root), hit -> {}, new DamagedTables());
        this.generator = new DeltaAsIceberg(t -> reader, storage, storageConfig, new DeltaIcebergConfig() {
            public String metadataPrefix() {
                return metadataPrefix;
            }

            public Optional<String> bucket() {
                return Optional.empty();
            }
        });
    }

    /**
     * Writes the delta-rs fixture tables ({@code delta_for_iceberg.py}) into {@code bucketDir} and
     * returns the rows it says each version holds.
     */
    public static com.fasterxml.jackson.databind.JsonNode writeFixtureTables(Path bucketDir)
            throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "python3",
                        Path.of("src/test/python/fixtures/delta_for_iceberg.py")
                                .toAbsolutePath()
                                .toString(),
                        bucketDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the delta-rs fixture writer failed");
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
    }

    public static TableLocation.StoragePrefix delta(String bucket, String prefix, String name) {
        return new TableLocation.StoragePrefix(TableFormat.DELTA, bucket, prefix, name);
    }

    public static void main(String[] args) {
        String endpoint = System.getenv("LAKESHARE_STORAGE_S3_ENDPOINT");
        DeltaAsIcebergOnDisk generator = new DeltaAsIcebergOnDisk(
                Path.of(args[0]),
                "_lakeshare/iceberg/",
                endpoint == null
                        ? null
                        : s3(
                                endpoint,
                                System.getenv("LAKESHARE_STORAGE_S3_ACCESS_KEY_ID"),
                                System.getenv("LAKESHARE_STORAGE_S3_SECRET_ACCESS_KEY")));
        for (int i = 2; i < args.length; i++) {
            int colon = args[i].lastIndexOf(':');
            String prefix = args[i].substring(0, colon);
            TableLocation.StoragePrefix table = delta(args[1], prefix, prefix.replace("/", ""));
            long version = Long.parseLong(args[i].substring(colon + 1));
            System.out.println(generator.generator.icebergMetadataLocation(table, version));
        }
    }

    public static StorageConfig.S3 s3(String endpoint, String accessKey, String secretKey) {
        return new StorageConfig.S3() {
            public Optional<java.net.URI> endpoint() {
                return Optional.of(java.net.URI.create(endpoint));
            }

            public Optional<java.net.URI> publicEndpoint() {
                return Optional.empty();
            }

            public String region() {
                return "us-east-1";
            }

            public boolean pathStyleAccess() {
                return true;
            }

            public Optional<String> accessKeyId() {
                return Optional.ofNullable(accessKey);
            }

            public Optional<String> secretAccessKey() {
                return Optional.ofNullable(secretKey);
            }

            public Optional<Path> accessKeyIdFile() {
                return Optional.empty();
            }

            public Optional<Path> secretAccessKeyFile() {
                return Optional.empty();
            }
        };
    }

    public static StorageConfig storageConfig(Path root, StorageConfig.S3 s3) {
        return new StorageConfig() {
            public Duration urlTtl() {
                return Duration.ofHours(1);
            }

            public Duration revocationCacheTtl() {
                return Duration.ofSeconds(5);
            }

            public StoreKind defaultStore() {
                return s3 == null ? StoreKind.LOCAL : StoreKind.S3;
            }

            public Map<String, Bucket> buckets() {
                return Map.of();
            }

            public Local local() {
                return () -> root;
            }

            public S3 s3() {
                if (s3 == null) {
                    throw new UnsupportedOperationException("local warehouse only");
                }
                return s3;
            }

            public Credentials credentials() {
                throw new UnsupportedOperationException("no vended credentials here");
            }
        };
    }

    public static TablesConfig tablesConfig(Path root) {
        return tablesConfig(root, 1);
    }

    /** Caches and spools off; files under {@code smallFileBytes} count as small. */
    public static TablesConfig tablesConfig(Path root, long smallFileBytes) {
        return new TablesConfig() {
            public int snapshotCacheSize() {
                return 8;
            }

            public int maxPageFiles() {
                return 1000;
            }

            public Duration pageTokenTtl() {
                return Duration.ofDays(1);
            }

            public Duration refreshTokenTtl() {
                return Duration.ofHours(1);
            }

            public long logCacheBytes() {
                return 0;
            }

            public Path logCacheDir() {
                return root.resolve(".log-cache");
            }

            public long spoolBytes() {
                return 0;
            }

            public Path spoolDir() {
                return root.resolve(".spool");
            }

            public Duration asyncQueryTtl() {
                return Duration.ofHours(1);
            }

            public int asyncQueryThreads() {
                return 1;
            }

            public long smallFileBytes() {
                return smallFileBytes;
            }
        };
    }
}
