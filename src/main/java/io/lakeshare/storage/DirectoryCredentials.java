package io.lakeshare.storage;

import io.lakeshare.config.StorageConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Credentials that read one table's prefix, from the S3 store's STS: {@code AssumeRole} with the
 * configured role (AWS) or for the configured user (MinIO, whose STS answers at its S3 endpoint),
 * with an inline {@link SessionPolicy} that narrows them to reading that prefix.
 */
final class DirectoryCredentials implements AutoCloseable {

    /** AWS STS refuses sessions shorter than this. */
    static final Duration SHORTEST = Duration.ofMinutes(15);

    private final StorageConfig.S3 s3;
    private final StorageConfig.Credentials config;
    private final AwsCredentialsProvider identity;
    private volatile StsClient sts;

    DirectoryCredentials(StorageConfig.S3 s3, StorageConfig.Credentials config, AwsCredentialsProvider identity) {
        this.s3 = s3;
        this.config = config;
        this.identity = identity;
    }

    /**
     * Whether an STS is set up to ask: on AWS a role to assume is needed; MinIO and other S3 APIs
     * (an endpoint is configured) issue credentials for the server's own user.
     */
    boolean configured() {
        return config.roleArn().isPresent()
                || config.stsEndpoint().isPresent()
                || s3.endpoint().isPresent();
    }

    Duration lifetime() {
        Duration asked = config.lifetime();
        return asked.compareTo(SHORTEST) < 0 ? SHORTEST : asked;
    }

    /**
     * Asks STS for credentials reading {@code prefixes}, the first of which is the location they are
     * for; fails with a {@link StorageException}.
     */
    ScopedCredentials issue(List<ObjectPrefix> prefixes, String sessionName) {
        String bucket = prefixes.get(0).bucket();
        String prefix = prefixes.get(0).keyPrefix();
        if (!configured()) {
            throw new StorageException(
                    StorageException.Kind.REFUSED,
                    "No STS to vend credentials with: set lakeshare.storage.credentials.role-arn",
                    null);
        }
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleSessionName(sessionName)
                .durationSeconds((int) Math.min(Integer.MAX_VALUE, lifetime().toSeconds()))
                .policy(SessionPolicy.readOnly(prefixes));
        config.roleArn().ifPresent(request::roleArn);
        try {
            Credentials c = client().assumeRole(request.build()).credentials();
            return new ScopedCredentials(
                    Storage.directoryLocation(bucket, prefix),
                    c.accessKeyId(),
                    c.secretAccessKey(),
                    c.sessionToken(),
                    c.expiration());
        } catch (StsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            // The store's own words say which parameter it refused; they name no secret.
            String detail =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            throw new StorageException(
                    e.statusCode() >= 500 || e.statusCode() == 429
                            ? StorageException.Kind.UNREACHABLE
                            : StorageException.Kind.REFUSED,
                    "STS refused to issue credentials for " + bucket + "/" + prefix + ": " + code + " (HTTP "
                            + e.statusCode() + ")" + (detail == null ? "" : ": " + brief(detail)),
                    e);
        } catch (SdkException e) {
            throw new StorageException(
                    StorageException.Kind.UNREACHABLE,
                    "Cannot reach STS to issue credentials for " + bucket + "/" + prefix + ": " + brief(e.getMessage()),
                    e);
        }
    }

    private StsClient client() {
        if (sts == null) {
            synchronized (this) {
                if (sts == null) {
                    StsClientBuilder builder = StsClient.builder()
                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                            .region(Region.of(s3.region()))
                            .credentialsProvider(identity);
                    Optional<URI> endpoint = config.stsEndpoint().or(s3::endpoint);
                    endpoint.ifPresent(builder::endpointOverride);
                    sts = builder.build();
                }
            }
        }
        return sts;
    }

    private static String brief(String message) {
        if (message == null) {
            return "no detail";
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message.strip();
    }

    @Override
    public void close() {
        if (sts != null) {
            sts.close();
        }
    }
}
