package io.lakeshare.storage;

import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.StorageConfig.StoreKind;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Routes each bucket to the store that holds it, as configured. */
@ApplicationScoped
public class Storage {

    private final StorageConfig config;
    private final LocalObjectStore local;
    private volatile S3Client s3Client;
    private volatile S3ObjectStore s3;
    private volatile S3UrlSigner urlSigner;
    private volatile AwsCredentialsProvider credentials;
    private volatile DirectoryCredentials directoryCredentials;

    @Inject
    public Storage(StorageConfig config) {
        this.config = config;
        this.local = new LocalObjectStore(config.local().root());
    }

    public ObjectStore forBucket(String bucket) {
        return kindOf(bucket) == StoreKind.S3 ? s3() : local;
    }

    /**
     * How readers outside the server name an object, as table metadata records locations:
     * {@code s3://bucket/key} for a bucket in S3, {@code file:///…} under the local warehouse.
     */
    public String uriOf(String bucket, String key) {
        if (kindOf(bucket) == StoreKind.S3) {
            return "s3://" + bucket + "/" + key;
        }
        String path = config.local().root().toAbsolutePath().normalize().resolve(bucket) + "/" + key;
        return "file://" + path;
    }

    /** Each kind of store some bucket is routed to, by kind ("local", "s3"). */
    public Map<String, ObjectStore> storesInUse() {
        Map<String, ObjectStore> stores = new TreeMap<>();
        Stream.concat(
                        Stream.of(config.defaultStore()),
                        config.buckets().values().stream().flatMap(b -> b.store().stream()))
                .forEach(kind -> {
                    ObjectStore store = kind == StoreKind.S3 ? s3() : local;
                    stores.put(store.kind(), store);
                });
        return stores;
    }

    StoreKind kindOf(String bucket) {
        StorageConfig.Bucket override = config.buckets().get(bucket);
        return override != null && override.store().isPresent()
                ? override.store().get()
                : config.defaultStore();
    }

    private S3ObjectStore s3() {
        if (s3 == null) {
            synchronized (this) {
                if (s3 == null) {
                    s3Client = buildS3Client(config.s3());
                    s3 = new S3ObjectStore(s3Client);
                }
            }
        }
        return s3;
    }

    /** Presigns for the endpoint recipients reach; built on first use, like the client. */
    S3UrlSigner urlSigner() {
        if (urlSigner == null) {
            synchronized (this) {
                if (urlSigner == null) {
                    StorageConfig.S3 c = config.s3();
                    urlSigner = new S3UrlSigner(
                            c.publicEndpoint().or(c::endpoint).orElse(null), c.region(), c.pathStyleAccess());
                    credentials = credentials(c);
                }
            }
        }
        return urlSigner;
    }

    /** The credentials URLs are signed with, resolved per use (providers cache and refresh them). */
    AwsCredentials signingCredentials() {
        urlSigner();
        return credentials.resolveCredentials();
    }

    /**
     * When the credentials presigned URLs are signed with expire: never (empty) for long-lived keys;
     * temporary ones (a role, web identity) end, and so do the URLs they signed. Fails with a
     * {@link StorageException} when no credentials can be resolved.
     */
    public Optional<java.time.Instant> signingCredentialsExpiry() {
        try {
            return signingCredentials().expirationTime();
        } catch (RuntimeException e) {
            throw new StorageException(
                    StorageException.Kind.REFUSED, "No S3 credentials could be resolved: " + e.getMessage(), e);
        }
    }

    /**
     * Whether temporary credentials can be vended for a table in {@code bucket}: the bucket is in an
     * S3 store and an STS is set up to issue them (see {@link DirectoryCredentials#configured()}).
     * Local-warehouse buckets never can.
     */
    public boolean vendsCredentials(String bucket) {
        return kindOf(bucket) == StoreKind.S3 && directoryCredentials().configured();
    }

    /** Whether {@code bucket} is in the local warehouse, whose files only this server can read. */
    public boolean isLocal(String bucket) {
        return kindOf(bucket) == StoreKind.LOCAL;
    }

    /** A table root as S3 clients name it: {@code s3://bucket/prefix}, without the prefix's trailing '/'. */
    public static String directoryLocation(String bucket, String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + p;
    }

    /**
     * Credentials that read {@code prefix} (empty or ending in '/') of {@code bucket} and nothing
     * else, valid for {@code lakeshare.storage.credentials.lifetime}. {@code sessionName} names the
     * session in the store's own logs ({@code [\w+=,.@-]}, 2 to 64 characters). Fails with a
     * {@link StorageException}: REFUSED when no STS is set up or it refuses, UNREACHABLE when it
     * does not answer.
     */
    public ScopedCredentials readCredentials(String bucket, String prefix, String sessionName) {
        return readCredentials(List.of(new ObjectPrefix(bucket, prefix)), sessionName);
    }

    /**
     * Credentials that read each of {@code prefixes} and nothing else, for the location of the first
     * (a table's root; the others are where else it keeps files), as {@link #readCredentials(String,
     * String, String)}. All of them must be in S3, which has one STS for all its buckets.
     */
    public ScopedCredentials readCredentials(List<ObjectPrefix> prefixes, String sessionName) {
        for (ObjectPrefix prefix : prefixes) {
            if (kindOf(prefix.bucket()) != StoreKind.S3) {
                throw new StorageException(
                        StorageException.Kind.REFUSED,
                        "Bucket " + prefix.bucket() + " is in the local warehouse",
                        null);
            }
        }
        return directoryCredentials().issue(prefixes, sessionName);
    }

    /** How long vended credentials are issued for. */
    public java.time.Duration credentialsLifetime() {
        return directoryCredentials().lifetime();
    }

    private DirectoryCredentials directoryCredentials() {
        if (directoryCredentials == null) {
            synchronized (this) {
                if (directoryCredentials == null) {
                    directoryCredentials =
                            new DirectoryCredentials(config.s3(), config.credentials(), credentials(config.s3()));
                }
            }
        }
        return directoryCredentials;
    }

    private static S3Client buildS3Client(StorageConfig.S3 c) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(c.region()))
                .forcePathStyle(c.pathStyleAccess())
                .credentialsProvider(credentials(c));
        c.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageConfig.S3 c) {
        Optional<String> keyId = c.accessKeyId().or(() -> c.accessKeyIdFile().map(Storage::readSecret));
        Optional<String> secret =
                c.secretAccessKey().or(() -> c.secretAccessKeyFile().map(Storage::readSecret));
        if (keyId.isPresent() && secret.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secret file " + file, e);
        }
    }

    @PreDestroy
    void close() {
        if (s3Client != null) {
            s3Client.close();
        }
        if (directoryCredentials != null) {
            directoryCredentials.close();
        }
    }
}
