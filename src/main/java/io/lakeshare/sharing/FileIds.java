package io.lakeshare.sharing;

import io.lakeshare.errors.LakeshareException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Stable file ids: a hash of the file's path as written in the log (never of its URL), so a file has
 * the same id in every response. The {@code fileidhash} header picks the hash: {@code parquet} is
 * MD5, {@code delta} SHA-256; without it, the response format decides.
 */
final class FileIds {

    static final String HEADER = "fileidhash";

    private final String algorithm;
    private final String scheme;

    private FileIds(String scheme, String algorithm) {
        this.scheme = scheme;
        this.algorithm = algorithm;
    }

    static FileIds forRequest(String header, String responseFormat) {
        String scheme = header == null || header.isBlank()
                ? responseFormat
                : header.strip().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "parquet" -> new FileIds(scheme, "MD5");
            case "delta" -> new FileIds(scheme, "SHA-256");
            default ->
                throw LakeshareException.invalidParameter(
                        "Unsupported fileidhash '" + header + "'; use parquet or delta");
        };
    }

    String scheme() {
        return scheme;
    }

    MessageDigest digest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    static String id(MessageDigest digest, String logPath) {
        return HexFormat.of().formatHex(digest.digest(logPath.getBytes(StandardCharsets.UTF_8)));
    }
}
