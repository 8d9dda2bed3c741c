package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.config.AuthConfig;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules a recipient's JWT must pass, on JWTs signed by real keys (jose4j's generators): the shape
 * that routes a bearer token to them, then issuer, algorithm, signature, audience, expiry and the
 * subject claim, each refusal a 401 saying which rule failed.
 */
class OidcTokensTest {

    private static final String ISSUER = "https://idp.example.com/realms/partner";
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private static RsaJsonWebKey signing;
    private static RsaJsonWebKey other;

    private final List<String> askedForKids = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        signing = RsaJwkGenerator.generateJwk(2048);
        signing.setKeyId("k1");
        other = RsaJwkGenerator.generateJwk(2048);
        other.setKeyId("k1");
    }

    private static AuthConfig.Issuer issuer(String subjectClaim) {
        return new AuthConfig.Issuer() {
            public URI issuer() {
                return URI.create(ISSUER);
            }

            public String audience() {
                return "lakeshare";
            }

            public String subjectClaim() {
                return subjectClaim;
            }

            public Optional<URI> jwksUri() {
                return Optional.empty();
            }

            public Optional<String> scope() {
                return Optional.empty();
            }
        };
    }

    private static final Map<String, AuthConfig.Issuer> ISSUERS = Map.of("partner", issuer("sub"));

    private static JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setAudience("lakeshare", "account");
        c.setSubject("acme-reader");
        c.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() - 10));
        c.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 300));
        return c;
    }

    private static String sign(JwtClaims claims, PublicJsonWebKey key, String alg) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(alg);
        return jws.getCompactSerialization();
    }

    private static String sign(JwtClaims claims) throws Exception {
        return sign(claims, signing, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private OidcTokens.Identity verify(String jwt, Map<String, AuthConfig.Issuer> issuers, JsonWebKey... jwks) {
        return OidcTokens.verify(
                jwt,
                issuers,
                (name, issuer, kid) -> {
                    askedForKids.add(kid);
                    return List.of(jwks);
                },
                SKEW,
                NOW);
    }

    private String refusal(String jwt, JsonWebKey... jwks) {
        LakeshareException e = assertThrows(LakeshareException.class, () -> verify(jwt, ISSUERS, jwks));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
        assertFalse(e.getMessage().contains(jwt), "the JWT is never quoted");
        return e.getMessage();
    }

    @Test
    void aJwtHasThreeNonEmptyBase64UrlSegmentsAndAJsonHeader() throws Exception {
        assertTrue(OidcTokens.looksLikeJwt(sign(claims())));
        assertTrue(OidcTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"));
        assertFalse(OidcTokens.looksLikeJwt("dapi" + "0".repeat(64)), "a secret of the server's own");
        assertFalse(OidcTokens.looksLikeJwt("lsat" + "0".repeat(112)), "an access token of the server's own");
        assertFalse(OidcTokens.looksLikeJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), "unsigned: no signature segment");
        assertFalse(OidcTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9..c2ln"), "an empty payload");
        assertFalse(OidcTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJ9.c2ln.c2ln"), "four segments (JWE has five)");
        assertFalse(OidcTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJz+WIi.c2ln"), "base64, not base64url");
        assertFalse(OidcTokens.looksLikeJwt("abc.def.ghi"), "a header that is no JSON object");
        assertFalse(OidcTokens.looksLikeJwt("eyJ" + "a".repeat(OidcTokens.MAX_LENGTH) + ".e.s"), "too long");
        assertFalse(OidcTokens.looksLikeJwt(null));
    }

    @Test
    void aValidJwtNamesItsIssuerAndSubjectAndIsAcceptedUntilItsExpiryPlusTheSkew() throws Exception {
        OidcTokens.Identity identity = verify(sign(claims()), ISSUERS, signing);
        assertEquals("partner", identity.issuerName());
        assertEquals("acme-reader", identity.subject());
        assertEquals(NOW.plusSeconds(300).plus(SKEW), identity.acceptedUntil());
        assertEquals(List.of("k1"), askedForKids, "keys are asked for by the JWT's key id");
    }

    @Test
    void theSubjectIsReadFromTheConfiguredClaim() throws Exception {
        JwtClaims c = claims();
        c.setClaim("client_id", "acme-client");
        OidcTokens.Identity identity = verify(sign(c), Map.of("partner", issuer("client_id")), signing);
        assertEquals("acme-client", identity.subject());
        JwtClaims without = claims();
        LakeshareException e = assertThrows(
                LakeshareException.class, () -> verify(sign(without), Map.of("partner", issuer("client_id")), signing));
        assertTrue(e.getMessage().contains("no 'client_id' claim"), e.getMessage());
    }

    @Test
    void anUnknownIssuerIsRefusedBeforeAnyKeyIsFetched() throws Exception {
        JwtClaims c = claims();
        c.setIssuer("https://idp.example.com/realms/elsewhere");
        assertTrue(
                refusal(sign(c), signing).contains("issuer 'https://idp.example.com/realms/elsewhere' is not trusted"));
        c.setIssuer(ISSUER + "/");
        assertTrue(refusal(sign(c), signing).contains("is not trusted"), "the issuer must match exactly");
        assertEquals(List.of(), askedForKids);
    }

    @Test
    void aSignatureByAnotherKeyOrAnAlteredOneIsRefused() throws Exception {
        assertTrue(refusal(sign(claims(), other, AlgorithmIdentifiers.RSA_USING_SHA256), signing)
                .contains("signature is not valid"));
        String jwt = sign(claims());
        int last = jwt.length() - 5;
        String altered = jwt.substring(0, last) + (jwt.charAt(last) == 'A' ? 'B' : 'A') + jwt.substring(last + 1);
        assertTrue(refusal(altered, signing).contains("signature is not valid"));
        // The payload changed under a genuine signature: another subject.
        String[] parts = jwt.split("\\.");
        JwtClaims c = claims();
        c.setSubject("someone-else");
        String forgedPayload = sign(c).split("\\.")[1];
        assertTrue(refusal(parts[0] + "." + forgedPayload + "." + parts[2], signing)
                .contains("signature is not valid"));
    }

    @Test
    void noneAndSharedSecretAlgorithmsAreRefused() throws Exception {
        OctetSequenceJsonWebKey hmac = OctJwkGenerator.generateJwk(256);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setKey(hmac.getKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        assertTrue(refusal(jws.getCompactSerialization(), hmac).contains("signed with 'HS256'"));
        String unsigned = "eyJhbGciOiJub25lIn0." + sign(claims()).split("\\.")[1] + ".";
        assertTrue(refusal(unsigned, signing).contains("signed with 'none'"));
        assertEquals(List.of(), askedForKids);
    }

    @Test
    void ellipticCurveSignaturesAreAccepted() throws Exception {
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec1");
        String jwt = sign(claims(), ec, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        assertEquals("acme-reader", verify(jwt, ISSUERS, ec).subject());
    }

    @Test
    void theAudienceMustHoldTheConfiguredOne() throws Exception {
        JwtClaims c = claims();
        c.setAudience("account");
        assertTrue(refusal(sign(c), signing).contains("does not include 'lakeshare'"));
        JwtClaims none = claims();
        none.unsetClaim("aud");
        assertTrue(refusal(sign(none), signing).contains("does not include 'lakeshare'"));
    }

    @Test
    void expiryNotBeforeAndIssuedAtHoldWithinTheSkew() throws Exception {
        JwtClaims expired = claims();
        expired.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() - 331));
        expired.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() - 31));
        assertTrue(refusal(sign(expired), signing).contains("expired at " + NOW.minusSeconds(31)));
        JwtClaims justExpired = claims();
        justExpired.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() - 320));
        justExpired.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() - 20));
        assertEquals("acme-reader", verify(sign(justExpired), ISSUERS, signing).subject(), "within the skew");

        JwtClaims forever = claims();
        forever.unsetClaim("exp");
        assertTrue(refusal(sign(forever), signing).contains("no exp claim"));

        JwtClaims early = claims();
        early.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond() + 60));
        assertTrue(refusal(sign(early), signing).contains("not valid yet"));

        JwtClaims future = claims();
        future.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() + 60));
        assertTrue(refusal(sign(future), signing).contains("issued in the future"));
    }

    @Test
    void aKeyIdTheJwksLacksIsRefusedNamingIt() throws Exception {
        RsaJsonWebKey rotated = RsaJwkGenerator.generateJwk(2048);
        rotated.setKeyId("k2");
        assertTrue(refusal(sign(claims(), rotated, AlgorithmIdentifiers.RSA_USING_SHA256), signing)
                .contains("key id 'k2'"));
        assertEquals(List.of("k2"), askedForKids);
    }

    @Test
    void garbageWithTheShapeOfAJwtIsRefused() throws Exception {
        assertTrue(refusal("eyJub3QganNvbg.eyJ4.c2ln").contains("not a readable JWT"));
        String payload = sign(claims()).split("\\.")[1];
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (String header : List.of(
                "{\"alg\":5}",
                "{\"alg\":\"RS256\",\"kid\":[1]}",
                "{\"alg\":\"RS256\",\"crit\":[\"exp\"]}",
                "{\"alg\":null}",
                "[]",
                "{\"alg\":\"RS256\",\"enc\":\"A128GCM\"}")) {
            String jwt = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + payload
                    + ".c2lnbmF0dXJl";
            LakeshareException e = assertThrows(LakeshareException.class, () -> verify(jwt, ISSUERS, signing), header);
            assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode(), header);
        }
        for (String claims : List.of("{\"iss\":5}", "{\"iss\":\"" + ISSUER + "\",\"exp\":\"soon\"}", "[1]", "null")) {
            String jwt = b64.encodeToString(
                            "{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + ".c2lnbmF0dXJl";
            LakeshareException e = assertThrows(LakeshareException.class, () -> verify(jwt, ISSUERS, signing), claims);
            assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode(), claims);
        }
    }
}
