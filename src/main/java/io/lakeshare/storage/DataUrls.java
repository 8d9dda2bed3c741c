package io.lakeshare.storage;

import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.StorageConfig.StoreKind;
import io.lakeshare.config.StorageConfig.UrlMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived URLs recipients fetch data files with, no credentials needed: presigned S3 URLs, or
 * signed URLs to this server's own file endpoint, which streams the object from storage. A signed
 * URL names one object, its expiry and the token id it was issued to; changing any breaks the
 * signature.
 */
@ApplicationScoped
public class DataUrls {

    /** Where the file endpoint lives below the public endpoint. */
    public static final String FILE_PATH = "/_lakeshare/v1/files/";
    /**
     * The signature's query parameter. delta-kernel-rs (the Python connector's delta format) fetches a
     * file path over HTTP only when it carries this parameter, as presigned S3 URLs do.
     */
    public static final String SIGNATURE_PARAM = "X-Amz-Signature";
    /** The expiry's query parameter, epoch seconds. */
    public static final String EXPIRES_PARAM = "e";

    private static final String PURPOSE = SecretKeys.DATA_URLS;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** The recipient's query parameter: the id (never the secret) of the token the URL was issued to. */
    public static final String RECIPIENT_PARAM = "r";

    /** An object a verified file URL grants access to, and the token id it was issued to. */
    public record Grant(String bucket, String key, String recipient) {}

    @Inject
    StorageConfig config;

    @Inject
    Storage storage;

    @Inject
    SecretKeys keys;

    public Duration ttl() {
        return config.urlTtl();
    }

    /** When URLs handed out now expire: whole seconds, since URLs are signed to the second. */
    public Instant expiryFrom(Instant now) {
        return now.plus(config.urlTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /**
     * A URL for {@code bucket}/{@code key} valid until {@code expiry}. {@code publicEndpoint} is the
     * server's address as the recipient knows it, and {@code recipient} its token's id, for URLs
     * served by this server: the download is audited under that id.
     */
    public String url(String bucket, String key, Instant expiry, String publicEndpoint, String recipient) {
        if (modeOf(bucket) == UrlMode.PRESIGNED) {
            Instant now = Instant.now();
            return storage.urlSigner()
                    .presignGet(
                            bucket,
                            key,
                            storage.signingCredentials(),
                            now,
                            Duration.ofSeconds(expiry.getEpochSecond() - now.getEpochSecond()));
        }
        String ref = B64.encodeToString((bucket + "/" + key).getBytes(StandardCharsets.UTF_8));
        long expires = expiry.getEpochSecond();
        return publicEndpoint + FILE_PATH + ref + "?" + EXPIRES_PARAM + "=" + expires + "&" + RECIPIENT_PARAM + "="
                + recipient + "&" + SIGNATURE_PARAM + "=" + sign(ref, expires, recipient);
    }

    /** The object a file URL's parts name, if the signature holds and the URL has not expired. */
    public Optional<Grant> verify(String ref, String expires, String recipient, String signature, Instant now) {
        long e;
        try {
            e = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException bad) {
            return Optional.empty();
        }
        if (signature == null
                || !MessageDigest.isEqual(
                        sign(ref, e, recipient).getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII))
                || now.getEpochSecond() > e) {
            return Optional.empty();
        }
        String object;
        try {
            object = new String(B64D.decode(ref), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            return Optional.empty();
        }
        int slash = object.indexOf('/');
        return slash < 0
                ? Optional.empty()
                : Optional.of(new Grant(object.substring(0, slash), object.substring(slash + 1), recipient));
    }

    UrlMode modeOf(String bucket) {
        StorageConfig.Bucket b = config.buckets().get(bucket);
        if (b != null && b.urls().isPresent()) {
            return b.urls().get();
        }
        return storage.kindOf(bucket) == StoreKind.S3 ? UrlMode.PRESIGNED : UrlMode.PROXY;
    }

    private String sign(String ref, long expires, String recipient) {
        return B64.encodeToString(
                mac.get().doFinal((ref + "\n" + expires + "\n" + recipient).getBytes(StandardCharsets.UTF_8)));
    }

    /** One keyed MAC per thread: looking one up and keying it costs more than the signature itself. */
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(() -> {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(keys.key(PURPOSE), "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    });
}
