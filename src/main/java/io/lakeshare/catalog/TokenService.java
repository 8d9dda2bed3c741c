package io.lakeshare.catalog;

import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.storage.UrlHolders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Issuing, listing, revoking and checking recipient tokens, and telling storage whether the token a
 * file URL was issued to still exists.
 */
@ApplicationScoped
public class TokenService implements UrlHolders {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    /** Last-use times are recorded at this granularity, so that reads do not turn into writes. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    @Inject
    CatalogOutage outage;

    @Inject
    CatalogWrites writes;

    @Inject
    TokenCheckCache checks;

    @Inject
    Event<TokenCheckCache.Revoked> revoked;

    /**
     * Issues a token for a share. The secret is returned here once and never again; only its hash
     * is kept. {@code publicEndpoint} is frozen into the token for its profile.
     */
    @CatalogWrite
    @Transactional
    public IssuedToken create(
            String shareName, Optional<Duration> lifetime, String description, String publicEndpoint) {
        InputLimits.atMost("description", description, InputLimits.TOKEN_DESCRIPTION);
        if (publicEndpoint.length() > InputLimits.PUBLIC_ENDPOINT) {
            throw LakeshareException.invalidParameter("The public endpoint for the token's profile has "
                    + publicEndpoint.length() + " characters; at most " + InputLimits.PUBLIC_ENDPOINT
                    + " are allowed (set lakeshare.public-endpoint)");
        }
        ShareEntity share = ShareService.require(shareName);
        Instant now = CatalogTime.now();
        String secret = TokenSecrets.generate();
        TokenEntity token = new TokenEntity();
        token.id = UUID.randomUUID();
        token.share = share;
        token.description = description;
        token.secretHash = TokenSecrets.hashHex(secret);
        token.displayPrefix = TokenSecrets.displayPrefix(secret);
        token.publicEndpoint = publicEndpoint;
        token.createdAt = now;
        // Whole seconds: the profile shows the expiry, and clients parse it as plain ISO-8601.
        token.expiresAt =
                lifetime.map(d -> now.plus(d).truncatedTo(ChronoUnit.SECONDS)).orElse(null);
        token.persist();
        LOG.infof(
                "Created token %s (%s...) for share %s, %s",
                token.id,
                token.displayPrefix,
                share.name,
                token.expiresAt == null ? "non-expiring" : "expires " + token.expiresAt);
        return new IssuedToken(Token.of(token), secret);
    }

    @Transactional
    public List<Token> list(String shareName) {
        ShareEntity share = ShareService.require(shareName);
        return TokenEntity.<TokenEntity>list("share = ?1 order by createdAt, id", share).stream()
                .map(Token::of)
                .toList();
    }

    @CatalogWrite
    @Transactional
    public void remove(UUID id) {
        TokenEntity token = TokenEntity.<TokenEntity>findByIdOptional(id)
                .orElseThrow(() -> LakeshareException.notFound("Token " + id + " does not exist"));
        token.delete();
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof("Revoked token %s (%s...) of share %s", token.id, token.displayPrefix, token.share.name);
    }

    /**
     * Finds the recipient a bearer secret belongs to. Unknown, revoked and expired secrets are all
     * refused; the secret itself is never logged. A successful check is reused for a moment (see
     * {@link TokenCheckCache}); expiry is checked every time. Reading needs no write: the token's last
     * use is recorded afterwards, when the catalog can store it, and a failure to record it fails
     * nothing.
     */
    public Recipient authenticate(String secret) {
        if (!TokenSecrets.looksLikeSecret(secret)) {
            throw LakeshareException.unauthenticated("The bearer token is not a Lakeshare token");
        }
        Instant now = CatalogTime.now();
        byte[] hash = TokenSecrets.hash(secret);
        TokenCheckCache.Check found = checks.recent(hash).orElse(null);
        if (found == null) {
            found = check(hash, now);
            checks.remember(hash, found);
        }
        if (found.expiredAt(now)) {
            throw LakeshareException.unauthenticated("The bearer token expired at " + found.expiresAt());
        }
        if (found.lastUsedAt() == null || found.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
            recordUse(found.recipient().tokenId(), now);
            checks.usedAt(hash, now);
        }
        return found.recipient();
    }

    /** One read by primary key; storage keeps the answer a few seconds. */
    @Override
    @Transactional
    public Optional<Holder> holder(String tokenId) {
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            return Optional.empty();
        }
        return TokenEntity.<TokenEntity>findByIdOptional(id).map(t -> new Holder(Optional.ofNullable(t.expiresAt)));
    }

    @Transactional
    TokenCheckCache.Check check(byte[] hash, Instant now) {
        String hashHex = HexFormat.of().formatHex(hash);
        TokenEntity token = TokenEntity.<TokenEntity>find("secretHash", hashHex)
                .firstResultOptional()
                .filter(t -> MessageDigest.isEqual(HexFormat.of().parseHex(t.secretHash), hash))
                .orElseThrow(
                        () -> LakeshareException.unauthenticated("The bearer token is unknown or has been revoked"));
        return new TokenCheckCache.Check(
                new Recipient(token.id, token.share.id, token.publicEndpoint), token.expiresAt, token.lastUsedAt);
    }

    private void recordUse(UUID tokenId, Instant now) {
        if (writes.refusal().isPresent()) {
            return; // no write bound to fail (on H2 it would close the database under the reads in flight)
        }
        try {
            storeUse(tokenId, now);
        } catch (RuntimeException e) {
            if (outage.report(e).isEmpty()) {
                LOG.warnf("The last use of token %s was not recorded: %s", tokenId, e.toString());
            }
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void storeUse(UUID tokenId, Instant now) {
        TokenEntity.update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)", now, tokenId);
    }
}
