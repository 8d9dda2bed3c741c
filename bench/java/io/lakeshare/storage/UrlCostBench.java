package io.lakeshare.storage;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Benchmark (not a test): the cost of one data-file URL, the AWS SDK's presigner against our SigV4
 * signer. Run by bench/run.py; prints "name nanos-per-url" lines, best of 3 rounds.
 */
public final class UrlCostBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        AwsCredentials credentials =
                AwsBasicCredentials.create("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        URI endpoint = URI.create("http://127.0.0.1:9000");
        S3UrlSigner ours = new S3UrlSigner(endpoint, "us-east-1", true);
        try (S3Presigner sdk = S3Presigner.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            report(
                    "sdk-presigner",
                    n,
                    i -> sdk.presignGetObject(GetObjectPresignRequest.builder()
                                    .signatureDuration(Duration.ofHours(1))
                                    .getObjectRequest(r -> r.bucket("bench").key("t/part-" + i + ".parquet"))
                                    .build())
                            .url()
                            .toString());
            report(
                    "lakeshare-sigv4",
                    n,
                    i -> ours.presignGet(
                            "bench", "t/part-" + i + ".parquet", credentials, Instant.now(), Duration.ofHours(1)));
        }
    }

    private interface Work {
        String url(int i);
    }

    private static void report(String name, int n, Work work) {
        long best = Long.MAX_VALUE;
        int sink = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += work.url(i).length();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("%s %.0f%n", name, (double) best / n);
        if (sink == 42) {
            System.out.println();
        }
    }
}
