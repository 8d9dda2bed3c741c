package io.lakeshare.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * SigV4 header signing of S3 requests without a payload (GET, HEAD), as the AWS SDK's signer signs
 * them with payload signing off: {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}, {@code x-amz-date},
 * the session token when there is one, {@code host} and every {@code x-amz-*} header the client
 * sends. A test holds its output beside the SDK's, byte for byte. The headers it returns are the ones
 * the client adds to its request: {@code Authorization} and the {@code x-amz-*} headers signed with it.
 */
final class S3HeaderSigner {

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private S3HeaderSigner() {}

    /**
     * @param host the Host header as sent ({@code host[:port]}, no default port)
     * @param canonicalPath the path, each segment percent-encoded once (RFC 3986)
     * @param query decoded query parameters, in any order
     * @param clientHeaders the client's headers; only {@code x-amz-*} ones are signed
     * @return the headers to add to the request, by their conventional names
     */
    static Map<String, String> sign(
            String method,
            String host,
            String canonicalPath,
            List<Map.Entry<String, String>> query,
            Map<String, String> clientHeaders,
            String region,
            AwsCredentials credentials,
            Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/s3/aws4_request";

        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", amzDate);
        added.put("X-Amz-Content-SHA256", UNSIGNED_PAYLOAD);
        if (credentials instanceof AwsSessionCredentials session) {
            added.put("X-Amz-Security-Token", session.sessionToken());
        }

        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        clientHeaders.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-")) {
                signed.put(lower, canonicalValue(value));
            }
        });
        added.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));

        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) ->
                canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());

        String canonicalRequest = method + "\n" + canonicalPath + "\n" + canonicalQuery(query) + "\n" + canonicalHeaders
                + "\n" + signedHeaders + "\n" + UNSIGNED_PAYLOAD;
        String stringToSign =
                "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(sha256(canonicalRequest));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));

        Map<String, String> result = new LinkedHashMap<>();
        result.put(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
                        + signedHeaders + ", Signature=" + signature);
        result.putAll(added);
        return result;
    }

    /** Sorted by name, then value; names and values percent-encoded (RFC 3986). */
    private static String canonicalQuery(List<Map.Entry<String, String>> query) {
        return query.stream()
                .map(e -> Map.entry(S3UrlSigner.encode(e.getKey(), true), S3UrlSigner.encode(e.getValue(), true)))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
    }

    /** Trimmed, with runs of spaces folded into one, as SigV4 wants header values. */
    private static String canonicalValue(String value) {
        return value.strip().replaceAll(" +", " ");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
