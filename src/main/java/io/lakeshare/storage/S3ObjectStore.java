package io.lakeshare.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Buckets in an S3-compatible object store, through the AWS SDK v2. */
public class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public String ping(Duration timeout) {
        try {
            s3.listBuckets(b -> b.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
            return "the S3 endpoint answers";
        } catch (S3Exception e) {
            // Least-privilege credentials may not list buckets: any S3 answer shows the endpoint is up.
            return "the S3 endpoint answers (HTTP " + e.statusCode() + " to ListBuckets)";
        } catch (SdkException e) {
            throw new StorageException(
                    StorageException.Kind.UNREACHABLE,
                    "The S3 endpoint does not answer within " + timeout.toMillis() + " ms: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix, int max) {
        return call(
                "list " + bucket + "/" + prefix,
                () -> s3
                        .listObjectsV2(ListObjectsV2Request.builder()
                                .bucket(bucket)
                                .prefix(prefix)
                                .maxKeys(max)
                                .build())
                        .contents()
                        .stream()
                        .map(o -> new StoredObject(o.key(), o.size(), o.lastModified()))
                        .toList());
    }

    @Override
    public Iterator<StoredObject> listFrom(String bucket, String keyFrom) {
        int slash = keyFrom.lastIndexOf('/');
        String dir = slash < 0 ? "" : keyFrom.substring(0, slash + 1);
        // StartAfter is exclusive: start just before keyFrom, then drop what sorts below it.
        String startAfter = keyFrom.isEmpty() ? "" : keyFrom.substring(0, keyFrom.length() - 1);
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(dir)
                .delimiter("/")
                .startAfter(startAfter)
                .build();
        return call(
                "list " + bucket + "/" + dir,
                () -> s3.listObjectsV2Paginator(request).contents().stream()
                        .filter(o -> o.key().compareTo(keyFrom) >= 0)
                        .map(o -> new StoredObject(o.key(), o.size(), o.lastModified()))
                        .iterator());
    }

    @Override
    public Optional<StoredObject> stat(String bucket, String key) {
        try {
            HeadObjectResponse head = call(
                    "read " + bucket + "/" + key,
                    () -> s3.headObject(b -> b.bucket(bucket).key(key)));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified()));
        } catch (StorageException e) {
            if (e.missingObject()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream read(String bucket, String key, long offset, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        }
        return call("read " + bucket + "/" + key, () -> s3.getObject(request.build()));
    }

    @Override
    public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
        try {
            // A conditional write (If-None-Match: *): S3 and MinIO refuse it, atomically, when the key exists.
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            // 412: the key exists; 409: a concurrent conditional write to it is in progress (it wins).
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            return call("write " + bucket + "/" + key, () -> {
                throw e;
            });
        } catch (SdkException e) {
            return call("write " + bucket + "/" + key, () -> {
                throw e;
            });
        }
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new StorageException(
                    kindOf(e, code), "S3 refused to " + what + ": " + code + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkException e) {
            throw new StorageException(
                    StorageException.Kind.UNREACHABLE, "Cannot reach S3 to " + what + ": " + brief(e.getMessage()), e);
        }
    }

    /** A 404 or a missing key or bucket is missing; throttling and server errors are worth a retry; the rest a refusal. */
    private static StorageException.Kind kindOf(S3Exception e, String code) {
        if (e instanceof NoSuchKeyException
                || e.statusCode() == 404
                || "NoSuchKey".equals(code)
                || "NoSuchBucket".equals(code)) {
            return StorageException.Kind.MISSING;
        }
        if (e.statusCode() >= 500 || e.statusCode() == 429 || "SlowDown".equals(code)) {
            return StorageException.Kind.UNREACHABLE;
        }
        return StorageException.Kind.REFUSED;
    }

    /** The SDK's messages can run to kilobytes (credential chains list every provider). */
    private static String brief(String message) {
        if (message == null) {
            return "no detail";
        }
        int paren = message.indexOf('(');
        String cut = paren > 20 ? message.substring(0, paren) : message;
        return cut.length() > 200 ? cut.substring(0, 200) + "..." : cut.strip();
    }
}
