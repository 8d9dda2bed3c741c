package io.lakeshare.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.AwsS3V4Signer;
import software.amazon.awssdk.auth.signer.params.AwsS3V4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * The headers remote signing hands out sign a request exactly as the AWS SDK's S3 signer signs it
 * (payload signing off), byte for byte: methods, path- and virtual-host-style hosts, ports, keys
 * that need escaping, query parameters, the client's own x-amz-* headers, session credentials and
 * regions.
 */
class S3HeaderSignerTest {

    record Case(
            String method,
            String scheme,
            String host,
            int port,
            String path,
            Map<String, String> query,
            Map<String, String> amzHeaders,
            String region,
            AwsCredentials credentials) {}

    static List<Case> cases() {
        AwsCredentials basic = AwsBasicCredentials.create("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        AwsCredentials session =
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars=", "FwoGZXIvYXdzE//token+with/slash==");
        String special = "/fixtures/t/city=S\u00e3o Paulo/x%y=z/a+b~c!d'e(f)*g$h&i,j;k=l@m:n.parquet";
        return List.of(
                new Case(
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/fixtures/iceberg/db.db/people/metadata/00001-x.metadata.json",
                        Map.of(),
                        Map.of(),
                        "us-east-1",
                        basic),
                new Case("HEAD", "http", "127.0.0.1", 9000, special, Map.of(), Map.of(), "us-east-1", session),
                new Case("GET", "http", "127.0.0.1", 9000, special, Map.of(), Map.of(), "us-east-1", basic),
                new Case("HEAD", "http", "127.0.0.1", 9000, "/b/k.json", Map.of(), Map.of(), "us-east-1", basic),
                new Case("GET", "http", "127.0.0.1", 9000, "/b/k.json", Map.of(), Map.of(), "us-east-1", session),
                new Case(
                        "GET",
                        "https",
                        "analytics.s3.eu-west-1.amazonaws.com",
                        -1,
                        "/warehouse/data/part-0.parquet",
                        Map.of("versionId", "3/L4kqtJl40Nr8X8gdRQBpUMLUo", "response-content-type", "a b"),
                        Map.of("x-amz-checksum-mode", "ENABLED", "X-Amz-Request-Payer", "  requester  "),
                        "eu-west-1",
                        basic),
                new Case(
                        "GET",
                        "https",
                        "minio.example.com",
                        8443,
                        "/bucket/a/b/c.avro",
                        Map.of("partNumber", "1"),
                        Map.of(),
                        "ap-southeast-2",
                        session));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void signsLikeTheSdk(Case c) throws Exception {
        Instant now = Instant.parse("2026-12-03T15:04:05Z");
        String encodedPath = S3UrlSigner.encode(c.path(), false);
        String hostHeader = c.host() + (c.port() < 0 ? "" : ":" + c.port());

        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.valueOf(c.method()))
                .uri(new URI(c.scheme() + "://" + hostHeader + encodedPath));
        c.query().forEach(request::putRawQueryParameter);
        c.amzHeaders().forEach(request::putHeader);
        AwsS3V4SignerParams params = AwsS3V4SignerParams.builder()
                .awsCredentials(c.credentials())
                .signingName("s3")
                .signingRegion(Region.of(c.region()))
                .signingClockOverride(Clock.fixed(now, ZoneOffset.UTC))
                .enablePayloadSigning(false)
                // As the SDK's S3 client signs: S3 takes the path as sent, encoded once, never normalised.
                .doubleUrlEncode(false)
                .normalizePath(false)
                .build();
        SdkHttpFullRequest bySdk = AwsS3V4Signer.create().sign(request.build(), params);

        Map<String, String> ours = S3HeaderSigner.sign(
                c.method(),
                hostHeader,
                encodedPath,
                c.query().entrySet().stream().toList(),
                new LinkedHashMap<>(c.amzHeaders()),
                c.region(),
                c.credentials(),
                now);

        assertEquals(bySdk.firstMatchingHeader("Authorization").orElseThrow(), ours.get("Authorization"));
        assertEquals(bySdk.firstMatchingHeader("X-Amz-Date").orElseThrow(), ours.get("X-Amz-Date"));
        assertEquals(bySdk.firstMatchingHeader("x-amz-content-sha256").orElseThrow(), ours.get("X-Amz-Content-SHA256"));
        assertEquals(bySdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null), ours.get("X-Amz-Security-Token"));
    }
}
