package io.lakeshare.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where tables' buckets live: a local warehouse directory, or an S3-compatible object store. */
@ConfigMapping(prefix = "lakeshare.storage")
public interface StorageConfig {

    enum StoreKind {
        LOCAL,
        S3
    }

    /** How recipients fetch data files: presigned S3 URLs, or signed URLs to this server, which streams them. */
    enum UrlMode {
        PRESIGNED,
        PROXY
    }

    /** How long data-file URLs stay valid. Clients refresh URLs that have less than 15 minutes left. */
    @WithDefault("PT1H")
    java.time.Duration urlTtl();

    /**
     * How long the file endpoint trusts its last look at the token a signed URL was issued to: a URL
     * of a token revoked since (or of a removed share) is refused within this long on every replica.
     * Zero looks the token up at every file request.
     */
    @WithDefault("PT5S")
    java.time.Duration revocationCacheTtl();

    /** The store of buckets not listed under {@code buckets}: {@code local} or {@code s3}. */
    @WithDefault("local")
    StoreKind defaultStore();

    /** Per-bucket overrides, e.g. {@code lakeshare.storage.buckets.analytics.store=s3}. */
    Map<String, Bucket> buckets();

    Local local();

    S3 s3();

    /** Temporary credentials for tables opened to directory access, from the S3 store's STS. */
    Credentials credentials();

    interface Credentials {
        /**
         * How long vended credentials stay valid (AWS STS allows 15 minutes to the role's maximum
         * session, 1 hour unless raised; shorter values are raised to 15 minutes).
         */
        @WithDefault("PT1H")
        java.time.Duration lifetime();

        /** The STS endpoint; default: the S3 endpoint for MinIO and other S3 APIs, AWS STS otherwise. */
        Optional<URI> stsEndpoint();

        /**
         * The role assumed for vended credentials (required on AWS: its policy must let it read the
         * shared buckets); MinIO issues them for the configured user without one.
         */
        Optional<String> roleArn();
    }

    interface Bucket {
        /** The store holding this bucket. */
        Optional<StoreKind> store();

        /** URL mode for this bucket's files; default: presigned for S3, proxy for local. */
        Optional<UrlMode> urls();
    }

    interface Local {
        /** The embedded warehouse: each bucket is a directory under it. */
        @WithDefault("${lakeshare.data-dir}/warehouse")
        Path root();
    }

    interface S3 {
        /** The S3 API endpoint the server calls (MinIO, another S3 API); unset means AWS S3. */
        Optional<URI> endpoint();

        /**
         * The S3 endpoint recipients reach, which presigned URLs are signed for, when it differs from
         * {@code endpoint} (an internal service name, say); default: {@code endpoint}.
         */
        Optional<URI> publicEndpoint();

        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing ({@code endpoint/bucket/key}), which MinIO and most S3 APIs want. */
        @WithDefault("true")
        boolean pathStyleAccess();

        /** Access key id; unset means the AWS default chain (environment, web identity, instance role). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** A file holding the access key id, such as a mounted Kubernetes secret. */
        Optional<Path> accessKeyIdFile();

        /** A file holding the secret access key, such as a mounted Kubernetes secret. */
        Optional<Path> secretAccessKeyFile();
    }
}
