package io.lakeshare.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * SigV4 query-string presigning of S3 GET URLs, producing the same URL byte for byte as the AWS SDK's
 * {@code S3Presigner} (a test holds the two side by side), at a small fraction of its cost: the
 * day's signing key is derived once and what the URLs of one second share is built once, so a URL
 * costs its path, one SHA-256 and one HMAC. A response for a million files would otherwise spend
 * most of its time in the SDK's presigner.
 */
final class S3UrlSigner {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String scheme;
    private final String endpointHost;
    private final boolean pathStyle;
    private final String region;
    private volatile SigningKey signingKey;

    private record SigningKey(String secret, String day, byte[] key) {}

    /** {@code endpoint}: the S3 endpoint recipients reach; null for AWS S3 in {@code region}. */
    S3UrlSigner(URI endpoint, String region, boolean pathStyleAccess) {
        this.region = region;
        if (endpoint == null) {
            this.scheme = "https";
            // The SDK signs us-east-1 URLs for the global endpoint.
            this.endpointHost = "us-east-1".equals(region) ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com";
        } else {
            this.scheme = endpoint.getScheme();
            int port = endpoint.getPort();
            boolean defaultPort =
                    port < 0 || (port == 443 && "https".equals(scheme)) || (port == 80 && "http".equals(scheme));
            this.endpointHost = endpoint.getHost() + (defaultPort ? "" : ":" + port);
        }
        this.pathStyle = pathStyleAccess || (endpoint != null && isIpAddress(endpoint.getHost()));
    }

    String presignGet(String bucket, String key, AwsCredentials credentials, Instant now, Duration ttl) {
        Second second = second(bucket, credentials, now.getEpochSecond(), ttl.getSeconds());
        String path = second.pathHead + encode(key, false);
        byte[] pathBytes = path.getBytes(StandardCharsets.ISO_8859_1); // percent-encoded: ASCII only

        MessageDigest sha = second.sha256;
        sha.update(GET);
        sha.update(pathBytes);
        sha.update(second.canonicalTail);
        Mac mac = second.hmac;
        mac.update(second.stringToSignHead);
        mac.update(hex(sha.digest()));
        byte[] signature = hex(mac.doFinal());

        return new StringBuilder(second.urlHead.length() + path.length() + second.urlQuery.length() + 64)
                .append(second.urlHead)
                .append(path)
                .append(second.urlQuery)
                .append(new String(signature, StandardCharsets.ISO_8859_1))
                .toString();
    }

    /**
     * What every URL signed in one second for one bucket with the same credentials and lifetime
     * shares: the canonical request but for the path, the string to sign but for the hash, the URL
     * but for the path and signature, and a MAC keyed with the day's signing key. A response signs
     * thousands of URLs a second, so each costs its path, two hashes and the copies; kept per thread,
     * since digests and MACs are not thread-safe.
     */
    private final class Second {
        final long epochSecond;
        final long expires;
        final String bucket;
        final String accessKeyId;
        final String secret;
        final String sessionToken;
        final String pathHead;
        final byte[] canonicalTail;
        final byte[] stringToSignHead;
        final String urlHead;
        final String urlQuery;
        final MessageDigest sha256 = instance(() -> MessageDigest.getInstance("SHA-256"));
        final Mac hmac = instance(() -> Mac.getInstance("HmacSHA256"));

        Second(String bucket, AwsCredentials credentials, long epochSecond, long expires) {
            this.epochSecond = epochSecond;
            this.expires = expires;
            this.bucket = bucket;
            this.accessKeyId = credentials.accessKeyId();
            this.secret = credentials.secretAccessKey();
            this.sessionToken = credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null;

            boolean pathStyleHere = pathStyle || bucket.contains(".");
            String host = pathStyleHere ? endpointHost : bucket + "." + endpointHost;
            this.pathHead = pathStyleHere ? "/" + bucket + "/" : "/";
            String amzDate = AMZ_DATE.format(Instant.ofEpochSecond(epochSecond));
            String day = amzDate.substring(0, 8);
            String scope = day + "/" + region + "/s3/aws4_request";
            String credential = encode(accessKeyId + "/" + scope, true);
            String token = sessionToken == null ? null : encode(sessionToken, true);

            // Canonical query: parameters sorted by name.
            StringBuilder canonicalQuery = new StringBuilder(256)
                    .append("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                    .append("&X-Amz-Credential=")
                    .append(credential)
                    .append("&X-Amz-Date=")
                    .append(amzDate)
                    .append("&X-Amz-Expires=")
                    .append(expires);
            if (token != null) {
                canonicalQuery.append("&X-Amz-Security-Token=").append(token);
            }
            canonicalQuery.append("&X-Amz-SignedHeaders=host");
            this.canonicalTail = ("\n" + canonicalQuery + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD")
                    .getBytes(StandardCharsets.UTF_8);
            this.stringToSignHead =
                    ("AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                hmac.init(new SecretKeySpec(signingKey(secret, day), "HmacSHA256"));
            } catch (java.security.InvalidKeyException e) {
                throw new IllegalStateException(e);
            }

            // The URL lists the parameters in the order the SDK writes them.
            this.urlHead = scheme + "://" + host;
            this.urlQuery = "?" + (token == null ? "" : "X-Amz-Security-Token=" + token + "&")
                    + "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + amzDate
                    + "&X-Amz-SignedHeaders=host&X-Amz-Credential=" + credential
                    + "&X-Amz-Expires=" + expires
                    + "&X-Amz-Signature=";
        }

        boolean signs(String bucket, AwsCredentials credentials, long epochSecond, long expires) {
            return this.epochSecond == epochSecond
                    && this.expires == expires
                    && this.bucket.equals(bucket)
                    && accessKeyId.equals(credentials.accessKeyId())
                    && secret.equals(credentials.secretAccessKey())
                    && java.util.Objects.equals(
                            sessionToken,
                            credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null);
        }
    }

    private final ThreadLocal<Second> seconds = new ThreadLocal<>();

    private Second second(String bucket, AwsCredentials credentials, long epochSecond, long expires) {
        Second second = seconds.get();
        if (second == null || !second.signs(bucket, credentials, epochSecond, expires)) {
            second = new Second(bucket, credentials, epochSecond, expires);
            seconds.set(second);
        }
        return second;
    }

    private static final byte[] GET = "GET\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Lower-case hex, as bytes: what is hashed next, or copied into the URL. */
    private static byte[] hex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
        }
        return out;
    }

    private byte[] signingKey(String secret, String day) {
        SigningKey cached = signingKey;
        if (cached != null && cached.day().equals(day) && cached.secret().equals(secret)) {
            return cached.key();
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        signingKey = new SigningKey(secret, day, key);
        return key;
    }

    /** RFC 3986 percent-encoding: unreserved characters stay, '/' too in paths, all else is %XX. */
    static String encode(String s, boolean encodeSlash) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isIpAddress(String host) {
        return host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":") || host.startsWith("["));
    }

    // Per thread: looking up a digest or MAC costs about as much as using it.
    private static final ThreadLocal<Mac> HMAC =
            ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance("HmacSHA256")));

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T instance(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are part of every Java runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
