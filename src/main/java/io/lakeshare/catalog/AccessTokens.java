package io.lakeshare.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access tokens of the OAuth2 token endpoint: {@code lsat} + the client's token id + its expiry (epoch
 * seconds) + an HMAC-SHA256 of both under a server-wide key, all in hex. Any replica verifies one
 * without a database write, and nothing is kept per token: what a token may reach is its client's row,
 * so removing or rotating the client ends every access token issued to it.
 */
@ApplicationScoped
public class AccessTokens {

    static final String PREFIX = "lsat";
    private static final int ID_HEX = 32;
    private static final int EXPIRY_HEX = 16;
    private static final int MAC_HEX = 64;
    static final int LENGTH = PREFIX.length() + ID_HEX + EXPIRY_HEX + MAC_HEX;

    /** What a genuine access token says. */
    public record Claims(UUID clientId, Instant expiresAt) {}

    @Inject
    SigningKeyService keys;

    /** A token for {@code clientId}, valid until {@code expiresAt} (whole seconds). */
    public String issue(UUID clientId, Instant expiresAt) {
        HexFormat hex = HexFormat.of();
        String body = PREFIX
                + hex.formatHex(ByteBuffer.allocate(16)
                        .putLong(clientId.getMostSignificantBits())
                        .putLong(clientId.getLeastSignificantBits())
                        .array())
                + hex.toHexDigits(expiresAt.getEpochSecond());
        return body + hex.formatHex(mac(body));
    }

    /** Whether {@code text} has the shape of an access token (it may still be forged or expired). */
    static boolean looksLikeAccessToken(String text) {
        if (text == null || text.length() != LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The claims of a token this server signed, or empty for anything else. Expiry is the caller's to check. */
    Optional<Claims> verify(String token) {
        if (!looksLikeAccessToken(token)) {
            return Optional.empty();
        }
        int macAt = LENGTH - MAC_HEX;
        String body = token.substring(0, macAt);
        byte[] given = HexFormat.of().parseHex(token, macAt, LENGTH);
        if (!MessageDigest.isEqual(mac(body), given)) {
            return Optional.empty();
        }
        int idAt = PREFIX.length();
        long most = HexFormat.fromHexDigitsToLong(token, idAt, idAt + 16);
        long least = HexFormat.fromHexDigitsToLong(token, idAt + 16, idAt + ID_HEX);
        long expiry = HexFormat.fromHexDigitsToLong(token, idAt + ID_HEX, macAt);
        return Optional.of(new Claims(new UUID(most, least), Instant.ofEpochSecond(expiry)));
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.key(SigningKeyService.OAUTH_ACCESS_TOKENS), "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
