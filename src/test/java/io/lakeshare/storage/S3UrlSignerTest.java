package io.lakeshare.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Our presigned URLs are the AWS SDK's, byte for byte, across endpoints, styles, keys and credentials;
 * one signer signing one URL after another (what it keeps from the last URL included) signs each as a
 * new signer would.
 */
class S3UrlSignerTest {

    private static final Pattern AMZ_DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
    private static final DateTimeFormatter PARSE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    record Case(
            String endpoint,
            String region,
            boolean pathStyle,
            String bucket,
            String key,
            AwsCredentials credentials,
            Duration ttl) {}

    static List<Case> cases() {
        AwsCredentials basic = AwsBasicCredentials.create("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        AwsCredentials session =
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars=", "FwoGZXIvYXdzE//token+with/slash==");
        String plain = "warehouse/table/part-00000-1.snappy.parquet";
        String special = "t/city=S\u00e3o Paulo/x%25y=z/a+b~c!d'e(f)*g$h&i,j;k=l@m:n[o]?p#q.parquet";
        return List.of(
                new Case("http://127.0.0.1:9000", "us-east-1", true, "fixtures", plain, basic, Duration.ofHours(1)),
                new Case(
                        "http://127.0.0.1:9000",
                        "us-east-1",
                        false,
                        "fixtures",
                        special,
                        session,
                        Duration.ofMinutes(90)),
                new Case(
                        "https://minio.example.com",
                        "eu-west-1",
                        true,
                        "analytics",
                        special,
                        basic,
                        Duration.ofHours(1)),
                new Case(
                        "https://minio.example.com",
                        "eu-west-1",
                        false,
                        "analytics",
                        plain,
                        session,
                        Duration.ofHours(1)),
                new Case(
                        "https://minio.example.com:9443",
                        "ap-south-1",
                        true,
                        "analytics",
                        special,
                        basic,
                        Duration.ofSeconds(3600)),
                new Case("http://minio.internal:80", "us-east-1", true, "b1", plain, basic, Duration.ofHours(2)),
                new Case(null, "eu-central-1", false, "my-bucket", special, basic, Duration.ofHours(1)),
                new Case(null, "us-east-1", false, "my-bucket", plain, session, Duration.ofHours(1)),
                new Case(null, "us-west-2", true, "my-bucket", plain, basic, Duration.ofHours(1)),
                new Case(null, "eu-west-1", false, "bucket.with.dots", plain, basic, Duration.ofHours(1)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheSdkPresigner(Case c) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(c.region()))
                .credentialsProvider(StaticCredentialsProvider.create(c.credentials()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(c.pathStyle())
                        .build());
        if (c.endpoint() != null) {
            builder.endpointOverride(URI.create(c.endpoint()));
        }
        String sdk;
        try (S3Presigner presigner = builder.build()) {
            sdk = presigner
                    .presignGetObject(GetObjectPresignRequest.builder()
                            .signatureDuration(c.ttl())
                            .getObjectRequest(r -> r.bucket(c.bucket()).key(c.key()))
                            .build())
                    .url()
                    .toString();
        }
        Matcher date = AMZ_DATE.matcher(sdk);
        date.find();
        Instant signedAt = Instant.from(PARSE.parse(date.group(1)));
        S3UrlSigner ours =
                new S3UrlSigner(c.endpoint() == null ? null : URI.create(c.endpoint()), c.region(), c.pathStyle());
        assertEquals(sdk, ours.presignGet(c.bucket(), c.key(), c.credentials(), signedAt, c.ttl()));
    }

    @org.junit.jupiter.api.Test
    void aSignerThatSignedBeforeSignsAsANewOne() {
        AwsCredentials basic = AwsBasicCredentials.create("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        AwsCredentials other = AwsBasicCredentials.create("AKIAEXAMPLE", "another-secret");
        AwsCredentials session = AwsSessionCredentials.create("AKIAEXAMPLE", "another-secret", "token/1");
        AwsCredentials renewed = AwsSessionCredentials.create("AKIAEXAMPLE", "another-secret", "token/2");
        Instant t = Instant.parse("2026-12-04T23:59:59.250Z");
        record Url(String bucket, String key, AwsCredentials credentials, Instant at, Duration ttl) {}
        List<Url> urls = List.of(
                new Url("b1", "t/a.parquet", basic, t, Duration.ofHours(1)),
                new Url("b1", "t/b.parquet", basic, t.plusMillis(500), Duration.ofHours(1)),
                new Url("b1", "t/b.parquet", basic, t.plusMillis(500), Duration.ofSeconds(3599)),
                new Url("b2", "t/b.parquet", basic, t.plusMillis(500), Duration.ofSeconds(3599)),
                new Url("b2", "t/c.parquet", other, t.plusMillis(600), Duration.ofSeconds(3599)),
                new Url("b2", "t/c.parquet", session, t.plusMillis(600), Duration.ofSeconds(3599)),
                new Url("b2", "t/c.parquet", renewed, t.plusMillis(600), Duration.ofSeconds(3599)),
                new Url("b2", "t/d.parquet", renewed, t.plusMillis(800), Duration.ofSeconds(3599)),
                // The next second, and the next day: another date and another signing key.
                new Url("b2", "t/d.parquet", renewed, t.plusSeconds(1), Duration.ofSeconds(3598)),
                new Url("b2", "t/e.parquet", basic, t.plusSeconds(2), Duration.ofSeconds(3597)));
        for (boolean pathStyle : new boolean[] {true, false}) {
            URI endpoint = URI.create("https://minio.example.com");
            S3UrlSigner reused = new S3UrlSigner(endpoint, "eu-west-1", pathStyle);
            for (Url u : urls) {
                String fresh = new S3UrlSigner(endpoint, "eu-west-1", pathStyle)
                        .presignGet(u.bucket(), u.key(), u.credentials(), u.at(), u.ttl());
                assertEquals(
                        fresh, reused.presignGet(u.bucket(), u.key(), u.credentials(), u.at(), u.ttl()), u.toString());
            }
        }
    }
}
