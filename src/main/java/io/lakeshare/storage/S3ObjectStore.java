package io.lakeshare.storage;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
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
    public List<StoredObject> list(String bucket, String prefix, int max) {
        try {
            return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(max).build())
                    .contents().stream()
                    .map(o -> new StoredObject(o.key(), o.size(), o.lastModified()))
                    .toList();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new StorageException("S3 refused to list " + bucket + "/" + prefix + ": " + code + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkException e) {
            throw new StorageException("Cannot reach S3 to list " + bucket + "/" + prefix + ": " + brief(e.getMessage()), e);
        }
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
