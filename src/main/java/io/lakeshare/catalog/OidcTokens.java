package io.lakeshare.catalog;

import io.lakeshare.config.AuthConfig;
import io.lakeshare.errors.EchoedInput;
import io.lakeshare.errors.LakeshareException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * The rules a JWT from a recipient's own identity provider must pass (OIDC federation): its
 * {@code iss} names a configured issuer, it is signed (with an algorithm of {@link #ALGORITHMS}, never
 * {@code none} or a shared secret) by a key of that issuer's JWKS, its {@code aud} holds the
 * configured audience, {@code exp} is in the future and {@code nbf}/{@code iat} not, within the
 * allowed clock skew; the subject claim names whom it was issued to. Every refusal is a 401 saying
 * which rule failed; the JWT itself is never quoted.
 */
final class OidcTokens {

    /** Asymmetric signatures only: an HMAC key would be a secret shared with every verifier. */
    static final Set<String> ALGORITHMS = Set.of(
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512,
            AlgorithmIdentifiers.EDDSA);

    /** Longer than any JWT an IdP issues for this, and than the request header limit allows anyway. */
    static final int MAX_LENGTH = 16 * 1024;

    /** Values of the JWT quoted in messages are cut to this length. */
    private static final int QUOTED = 200;

    /** Whom a valid JWT was issued to: a subject of one configured issuer, accepted until {@code acceptedUntil}. */
    record Identity(String issuerName, String subject, Instant acceptedUntil) {}

    /** The keys of an issuer's JWKS that may have signed a JWT with key id {@code kid} (null when it names none). */
    @FunctionalInterface
    interface KeySource {
        List<JsonWebKey> keys(String issuerName, AuthConfig.Issuer issuer, String kid);
    }

    private OidcTokens() {}

    /**
     * Whether {@code text} has the shape of a JWS in compact form: three base64url segments (a header
     * that decodes as a JSON object starting {@code {"}, a payload, a signature), none of them empty.
     * Decided without any I/O, so that other bearer tokens go their way at once.
     */
    static boolean looksLikeJwt(String text) {
        if (text == null || text.length() > MAX_LENGTH || !text.startsWith("eyJ")) {
            return false;
        }
        int dots = 0;
        int segment = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (segment == 0) {
                    return false;
                }
                dots++;
                segment = 0;
            } else if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_') {
                segment++;
            } else {
                return false;
            }
        }
        return dots == 2 && segment > 0;
    }

    /** The identity a JWT proves, or a 401 naming the rule it fails (a 503 from {@code keys} passes through). */
    static Identity verify(
            String jwt, Map<String, AuthConfig.Issuer> issuers, KeySource keys, Duration clockSkew, Instant now) {
        try {
            return check(jwt, issuers, keys, clockSkew, now);
        } catch (LakeshareException e) {
            throw e;
        } catch (RuntimeException e) {
            // A header or claim of an unexpected type, deep in the parser: not a JWT this server reads.
            throw refused("The bearer token is not a readable JWT");
        }
    }

    private static Identity check(
            String jwt, Map<String, AuthConfig.Issuer> issuers, KeySource keys, Duration clockSkew, Instant now) {
        JwtContext unverified;
        try {
            unverified = new JwtConsumerBuilder()
                    .setSkipAllValidators()
                    .setDisableRequireSignature()
                    .setSkipSignatureVerification()
                    .build()
                    .process(jwt);
        } catch (InvalidJwtException e) {
            throw refused("The bearer token is not a readable JWT");
        }
        if (unverified.getJoseObjects().size() != 1) {
            throw refused("The JWT must be signed once, not nested or encrypted");
        }
        JsonWebStructure jws = unverified.getJoseObjects().get(0);
        String issuerUri;
        try {
            issuerUri = unverified.getJwtClaims().getIssuer();
        } catch (MalformedClaimException e) {
            throw refused("The JWT's iss claim is not a string");
        }
        if (issuerUri == null) {
            throw refused("The JWT has no iss claim: it cannot name one of the trusted issuers");
        }
        Map.Entry<String, AuthConfig.Issuer> trusted = issuers.entrySet().stream()
                .filter(e -> e.getValue().issuer().toString().equals(issuerUri))
                .findFirst()
                .orElseThrow(() -> refused("The JWT's issuer " + quote(issuerUri)
                        + " is not trusted by this server (lakeshare.auth.oidc.issuers)"));
        String name = trusted.getKey();
        AuthConfig.Issuer issuer = trusted.getValue();
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw refused("The JWT is signed with " + quote(String.valueOf(alg)) + "; accepted are "
                    + String.join(", ", ALGORITHMS.stream().sorted().toList()));
        }
        List<JsonWebKey> candidates = keys.keys(name, issuer, jws.getKeyIdHeaderValue());
        int skew = (int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds());
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS.toArray(String[]::new))
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(candidates))
                .setExpectedIssuer(issuerUri)
                .setExpectedAudience(issuer.audience())
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skew)
                .setIssuedAtRestrictions(0, Integer.MAX_VALUE) // iat no later than now + skew
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw refused(reason(e, name, issuer, unverified));
        }
        Object subject = claims.getClaimValue(issuer.subjectClaim());
        if (!(subject instanceof String s) || s.isBlank()) {
            throw refused("The JWT has no " + quote(issuer.subjectClaim())
                    + " claim (a string) naming its subject, as issuer " + name + " is configured to read");
        }
        try {
            Instant expires = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            return new Identity(name, s, expires.plus(clockSkew));
        } catch (MalformedClaimException e) {
            throw refused("The JWT's exp claim is not a number");
        }
    }

    private static String reason(InvalidJwtException e, String name, AuthConfig.Issuer issuer, JwtContext unverified) {
        if (e.hasExpired()) {
            String when = "";
            try {
                when = " at "
                        + Instant.ofEpochSecond(
                                unverified.getJwtClaims().getExpirationTime().getValue());
            } catch (MalformedClaimException | RuntimeException ignored) {
                // the message stays without the time
            }
            return "The JWT expired" + when + "; fetch a new one from your identity provider";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "The JWT has no exp claim; only JWTs that expire are accepted";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "The JWT's audience (aud) does not include " + quote(issuer.audience())
                    + ", the audience configured for issuer " + name;
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "The JWT is not valid yet (nbf is in the future)";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "The JWT was issued in the future (iat); check the identity provider's clock";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "The JWT's signature is not valid for any key of issuer " + name + "'s JWKS";
        }
        if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM) || e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            return "The JWT has a malformed claim";
        }
        // Key resolution: no key of the JWKS fits the JWT's kid and algorithm.
        return "No key of issuer " + name + "'s JWKS can verify the JWT (key id "
                + quote(String.valueOf(unverifiedKid(unverified))) + ")";
    }

    private static String unverifiedKid(JwtContext unverified) {
        return unverified.getJoseObjects().isEmpty()
                ? null
                : unverified.getJoseObjects().get(0).getKeyIdHeaderValue();
    }

    private static LakeshareException refused(String message) {
        return LakeshareException.unauthenticated(message);
    }

    /** A value from the JWT, cut short and without control characters, for a message. */
    static String quote(String value) {
        return "'" + EchoedInput.shown(value, QUOTED) + "'";
    }
}
