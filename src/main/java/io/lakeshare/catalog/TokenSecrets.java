package io.lakeshare.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Making, hashing and recognising recipient token secrets ({@code dapi} + 32 random bytes in hex). */
final class TokenSecrets {

    static final String PREFIX = "dapi";
    private static final int SECRET_BYTES = 32;
    private static final int SECRET_LENGTH = PREFIX.length() + 2 * SECRET_BYTES;
    /** How much of the secret owners see to tell tokens apart: the prefix and 6 hex digits. */
    private static final int DISPLAY_LENGTH = PREFIX.length() + 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    /** The code of an activation link: {@code lsac} + 32 random bytes in hex. */
    static final String ACTIVATION_PREFIX = "lsac";

    static String generateActivationCode() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return ACTIVATION_PREFIX + HexFormat.of().formatHex(bytes);
    }

    static boolean looksLikeActivationCode(String s) {
        return s != null
                && s.startsWith(ACTIVATION_PREFIX)
                && looksLikeSecret(PREFIX + s.substring(ACTIVATION_PREFIX.length()));
    }

    static boolean looksLikeSecret(String s) {
        if (s == null || s.length() != SECRET_LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String hashHex(String secret) {
        return HexFormat.of().formatHex(hash(secret));
    }

    static String displayPrefix(String secret) {
        return secret.substring(0, DISPLAY_LENGTH);
    }
}
