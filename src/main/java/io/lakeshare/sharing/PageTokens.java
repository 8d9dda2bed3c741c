package io.lakeshare.sharing;

import io.lakeshare.catalog.SigningKeyService;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident page tokens for list endpoints. A token names the listing it belongs to
 * (its scope, e.g. the schemas of one share) and the position after which the next page starts,
 * and carries an HMAC over both. Made of URL-safe characters only, because clients pass tokens
 * back without encoding them.
 */
@ApplicationScoped
public class PageTokens {

    private static final String PURPOSE = SigningKeyService.LIST_PAGE_TOKENS;
    private static final String VERSION = "1";
    private static final char SEP = '|';

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    @Inject
    SigningKeyService keys;

    /** A token for the page that follows {@code position} in the listing {@code scope}. */
    public String encode(String scope, List<String> position) {
        StringBuilder payload = new StringBuilder(VERSION).append(SEP).append(scope);
        position.forEach(p -> payload.append(SEP).append(p));
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** The position a token holds, after checking that it is intact and belongs to {@code scope}. */
    public List<String> decode(String token, String scope, int positionParts) {
        return decode(
                token,
                scope,
                positionParts,
                "pageToken",
                "pass back the nextPageToken of the previous page of this same listing");
    }

    /** As {@link #decode(String, String, int)}, naming the parameter and what to do in the error. */
    public List<String> decode(String token, String scope, int positionParts, String parameter, String advice) {
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, Math.max(dot, 0)));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid(parameter, advice);
        }
        if (dot < 0 || !MessageDigest.isEqual(mac(payload), signature)) {
            throw invalid(parameter, advice);
        }
        List<String> parts = Arrays.asList(new String(payload, StandardCharsets.UTF_8).split("\\" + SEP, -1));
        if (parts.size() != 2 + positionParts
                || !parts.get(0).equals(VERSION)
                || !parts.get(1).equals(scope)) {
            throw invalid(parameter, advice);
        }
        return parts.subList(2, parts.size());
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.key(PURPOSE), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static LakeshareException invalid(String parameter, String advice) {
        return LakeshareException.invalidParameter("Invalid " + parameter + ": " + advice);
    }
}
