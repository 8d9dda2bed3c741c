package io.lakeshare.catalog;

import io.lakeshare.config.AddressRanges;
import io.lakeshare.config.AuthConfig;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.errors.OAuthError;
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
 * Issuing, listing, rotating, revoking and checking bearer tokens (of a share or of a recipient), and telling storage whether the token a
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
    AccessTokens accessTokens;

    @Inject
    AuthConfig auth;

    @Inject
    OidcIssuers oidc;

    @Inject
    Event<TokenCheckCache.Revoked> revoked;

    /** A rotation: the token that replaces the old one (its secret shown once), and the old one as it now stands. */
    public record Rotation(IssuedToken replacement, Token replaced) {}

    /**
     * Issues a token for a share. The secret is returned here once and never again; only its hash
     * is kept. {@code publicEndpoint} is frozen into the token for its profile.
     */
    @CatalogWrite
    @Transactional
    public IssuedToken create(
            String shareName, Optional<Duration> lifetime, String description, String publicEndpoint) {
        checkInput(description, publicEndpoint);
        return issue(ShareService.require(shareName), null, lifetime, description, publicEndpoint, TokenKind.BEARER);
    }

    /**
     * Issues a token for a recipient: its one profile reaches every share granted to the recipient.
     * An {@link TokenKind#OAUTH_CLIENT} is an OAuth2 client whose secret is exchanged at the token
     * endpoint for access tokens (see {@link #exchange}).
     */
    @CatalogWrite
    @Transactional
    public IssuedToken createForRecipient(
            String recipientName,
            Optional<Duration> lifetime,
            String description,
            String publicEndpoint,
            TokenKind kind) {
        checkInput(description, publicEndpoint);
        return issue(null, RecipientService.require(recipientName), lifetime, description, publicEndpoint, kind);
    }

    /**
     * Binds a recipient to {@code subject} of the trusted OIDC issuer {@code issuerName}: JWTs of that
     * issuer naming that subject are the recipient's bearer. A binding is a token with no secret (its
     * stored hash is of a random value nobody is shown), so that it is listed, expires, is removed and
     * audited as tokens are. One subject of one issuer is bound to one recipient at most.
     */
    @CatalogWrite
    @Transactional
    public IssuedToken bindOidcSubject(
            String recipientName,
            String issuerName,
            String subject,
            Optional<Duration> lifetime,
            String description,
            String publicEndpoint) {
        checkInput(description, publicEndpoint);
        if (issuerName == null || !oidc.configured(issuerName)) {
            throw LakeshareException.invalidParameter("'" + issuerName + "' is not a configured OIDC issuer"
                    + (oidc.names().isEmpty()
                            ? "; none is configured (lakeshare.auth.oidc.issuers.NAME.issuer)"
                            : "; configured: " + String.join(", ", oidc.names())));
        }
        if (subject == null || subject.isBlank()) {
            throw LakeshareException.invalidParameter("Name the subject to bind: --oidc ISSUER=SUBJECT");
        }
        InputLimits.atMost("subject", subject, InputLimits.OIDC_SUBJECT);
        RecipientEntity recipient = RecipientService.require(recipientName);
        TokenEntity.<TokenEntity>find("oidcIssuer = ?1 and oidcSubject = ?2", issuerName, subject)
                .firstResultOptional()
                .ifPresent(t -> {
                    throw LakeshareException.alreadyExists("Subject '" + subject + "' of issuer " + issuerName
                            + " is already bound (token " + t.id + " of " + t.holderName()
                            + "); remove that binding first");
                });
        IssuedToken issued = issue(null, recipient, lifetime, description, publicEndpoint, TokenKind.OIDC_SUBJECT);
        TokenEntity token = TokenEntity.findById(issued.info().id());
        token.oidcIssuer = issuerName;
        token.oidcSubject = subject;
        token.displayPrefix = "oidc"; // not of the random secret, which nobody holds
        return new IssuedToken(Token.of(token), null);
    }

    /** What the token endpoint hands out: an access token and how many seconds it is valid. */
    public record AccessGrant(String accessToken, long expiresInSeconds) {}

    /**
     * The client credentials grant (RFC 6749 section 4.4): an OAuth client's id and secret for an access
     * token that lives {@code lakeshare.auth.oauth-access-token-ttl}, never beyond the client's own
     * expiry. Every failure to identify the client is the same {@code invalid_client}, so that nothing
     * tells a guesser which part was wrong.
     */
    @Transactional
    public AccessGrant exchange(String clientId, String clientSecret, String clientAddress) {
        Instant now = CatalogTime.now();
        OAuthError unknown =
                OAuthError.invalidClient("Unknown client, wrong secret, or the client was removed or has expired");
        UUID id;
        try {
            id = UUID.fromString(clientId);
        } catch (IllegalArgumentException e) {
            throw unknown;
        }
        if (!TokenSecrets.looksLikeSecret(clientSecret)) {
            throw unknown;
        }
        TokenEntity client = TokenEntity.<TokenEntity>findByIdOptional(id)
                .filter(t -> t.kind == TokenKind.OAUTH_CLIENT)
                .filter(t ->
                        MessageDigest.isEqual(HexFormat.of().parseHex(t.secretHash), TokenSecrets.hash(clientSecret)))
                .filter(t -> !t.expiredAt(now))
                .orElseThrow(() -> unknown);
        if (!networksOf(client).allows(clientAddress)) {
            throw OAuthError.invalidClient("Requests from " + clientAddress + " are not allowed for this recipient");
        }
        Instant expires = now.plus(auth.oauthAccessTokenTtl()).truncatedTo(ChronoUnit.SECONDS);
        if (client.expiresAt != null && client.expiresAt.isBefore(expires)) {
            expires = client.expiresAt;
        }
        LOG.infof(
                "Issued an access token to OAuth client %s of %s, valid until %s",
                client.id, client.holderName(), expires);
        return new AccessGrant(
                accessTokens.issue(client.id, expires),
                Math.max(0, Duration.between(now, expires).toSeconds()));
    }

    @Transactional
    public List<Token> list(String shareName) {
        ShareEntity share = ShareService.require(shareName);
        return TokenEntity.<TokenEntity>list("share = ?1 order by createdAt, id", share).stream()
                .map(Token::of)
                .toList();
    }

    @Transactional
    public List<Token> listForRecipient(String recipientName) {
        RecipientEntity recipient = RecipientService.require(recipientName);
        return TokenEntity.<TokenEntity>list("recipient = ?1 order by createdAt, id", recipient).stream()
                .map(Token::of)
                .toList();
    }

    @CatalogWrite
    @Transactional
    public void remove(UUID id) {
        TokenEntity token = require(id);
        token.delete();
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof("Revoked token %s (%s...) of %s", token.id, token.displayPrefix, token.holderName());
    }

    /**
     * Replaces a token by a new one for the same share or recipient, with the same description and
     * lifetime, and its profile on {@code publicEndpoint}. The old secret keeps working for
     * {@code grace} (zero: not at all), and never beyond its own expiry; then it is refused as expired.
     * A token already rotated is not rotated again: its replacement is.
     */
    @CatalogWrite
    @Transactional
    public Rotation rotate(UUID id, Duration grace, String publicEndpoint) {
        checkInput(null, publicEndpoint);
        TokenEntity old = require(id);
        Instant now = CatalogTime.now();
        if (old.kind == TokenKind.OIDC_SUBJECT) {
            throw LakeshareException.invalidParameter("Token " + id
                    + " binds an OIDC subject and has no secret to rotate; its identity provider rotates the JWTs");
        }
        if (old.replacedBy != null) {
            throw LakeshareException.alreadyExists(
                    "Token " + id + " was already rotated; rotate its replacement " + old.replacedBy);
        }
        if (old.expiredAt(now)) {
            throw LakeshareException.invalidParameter(
                    "Token " + id + " expired at " + old.expiresAt + "; create a new token instead");
        }
        Optional<Duration> lifetime = Optional.ofNullable(old.expiresAt).map(e -> Duration.between(old.createdAt, e));
        IssuedToken replacement = issue(old.share, old.recipient, lifetime, old.description, publicEndpoint, old.kind);
        Instant graceEnds = now.plus(grace);
        if (old.expiresAt == null || graceEnds.isBefore(old.expiresAt)) {
            old.expiresAt = graceEnds;
        }
        old.replacedBy = replacement.info().id();
        // Cached checks of the old token hold its former expiry: they must not outlive the grace.
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof(
                "Rotated token %s (%s...) of %s to %s; the old one is accepted until %s",
                old.id, old.displayPrefix, old.holderName(), replacement.info().id(), old.expiresAt);
        return new Rotation(replacement, Token.of(old));
    }

    private static void checkInput(String description, String publicEndpoint) {
        InputLimits.atMost("description", description, InputLimits.TOKEN_DESCRIPTION);
        if (publicEndpoint.length() > InputLimits.PUBLIC_ENDPOINT) {
            throw LakeshareException.invalidParameter("The public endpoint for the token's profile has "
                    + publicEndpoint.length() + " characters; at most " + InputLimits.PUBLIC_ENDPOINT
                    + " are allowed (set lakeshare.public-endpoint)");
        }
    }

    private static IssuedToken issue(
            ShareEntity share,
            RecipientEntity recipient,
            Optional<Duration> lifetime,
            String description,
            String publicEndpoint,
            TokenKind kind) {
        if (kind != TokenKind.BEARER && recipient == null) {
            throw LakeshareException.invalidParameter(
                    "OAuth clients and OIDC bindings are issued to recipients: use --recipient NAME");
        }
        Instant now = CatalogTime.now();
        String secret = TokenSecrets.generate();
        TokenEntity token = new TokenEntity();
        token.id = UUID.randomUUID();
        token.kind = kind;
        token.share = share;
        token.recipient = recipient;
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
                "Created %s %s (%s...) for %s, %s",
                switch (kind) {
                    case OAUTH_CLIENT -> "OAuth client";
                    case OIDC_SUBJECT -> "OIDC binding";
                    case BEARER -> "token";
                },
                token.id,
                token.displayPrefix,
                token.holderName(),
                token.expiresAt == null ? "non-expiring" : "expires " + token.expiresAt);
        return new IssuedToken(Token.of(token), secret);
    }

    private static TokenEntity require(UUID id) {
        return TokenEntity.<TokenEntity>findByIdOptional(id)
                .orElseThrow(() -> LakeshareException.notFound("Token " + id + " does not exist"));
    }

    /**
     * Finds the recipient a bearer secret belongs to. Unknown, revoked and expired secrets are all
     * refused; the secret itself is never logged. A successful check is reused for a moment (see
     * {@link TokenCheckCache}); expiry is checked every time. Reading needs no write: the token's last
     * use is recorded afterwards, when the catalog can store it, and a failure to record it fails
     * nothing. A recipient with an IP access list is refused (403) from {@code clientAddress} outside it.
     */
    public Bearer authenticate(String secret, String clientAddress) {
        // The shape decides, before any I/O: a JWT of a trusted identity provider, an access token of
        // this server, or a secret of its own.
        boolean jwt = OidcTokens.looksLikeJwt(secret);
        boolean accessToken = !jwt && AccessTokens.looksLikeAccessToken(secret);
        if (!jwt && !accessToken && !TokenSecrets.looksLikeSecret(secret)) {
            throw LakeshareException.unauthenticated("The bearer token is not a Lakeshare token");
        }
        Instant now = CatalogTime.now();
        byte[] hash = TokenSecrets.hash(secret);
        TokenCheckCache.Check found = checks.recent(hash).orElse(null);
        if (found == null) {
            // A JWT's signature and claims are checked once per cache entry: the same JWT (same hash)
            // is the same proof, and its expiry is checked at every request below.
            found = jwt
                    ? checkOidc(oidc.verify(secret))
                    : accessToken ? checkAccessToken(secret, now) : check(hash, now);
            checks.remember(hash, found);
        }
        if (found.expiredAt(now)) {
            throw LakeshareException.unauthenticated(
                    found.replaced()
                            ? "The bearer token was rotated and its grace period ended at " + found.expiresAt()
                                    + "; use the new profile"
                            : "The bearer token expired at " + found.expiresAt());
        }
        if (!found.networks().allows(clientAddress)) {
            throw new LakeshareException(
                    ErrorCode.PERMISSION_DENIED,
                    "Requests from " + clientAddress
                            + " are not allowed for this recipient; its owner lists the networks it may call from");
        }
        if (found.lastUsedAt() == null || found.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
            recordUse(found.recipient().tokenId(), now);
            checks.usedAt(hash, now);
        }
        return found.recipient();
    }

    /**
     * One read by primary key (and one of the grant, for a recipient's URL of a share); storage keeps
     * the answer a few seconds. A URL naming a share stands only while its token's recipient holds it.
     */
    @Override
    @Transactional
    public Optional<Holder> holder(String holder) {
        UUID id;
        Optional<UUID> shareId;
        try {
            id = UUID.fromString(UrlHolders.tokenId(holder));
            shareId = UrlHolders.shareId(holder).map(UUID::fromString);
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            return Optional.empty();
        }
        return TokenEntity.<TokenEntity>findByIdOptional(id)
                .filter(t -> shareId.isEmpty()
                        || (t.recipient != null
                                && GrantEntity.count("share.id = ?1 and recipient = ?2", shareId.get(), t.recipient)
                                        > 0))
                .map(t -> new Holder(Optional.ofNullable(t.expiresAt), networksOf(t)));
    }

    @Transactional
    TokenCheckCache.Check check(byte[] hash, Instant now) {
        String hashHex = HexFormat.of().formatHex(hash);
        TokenEntity token = TokenEntity.<TokenEntity>find("secretHash", hashHex)
                .firstResultOptional()
                .filter(t -> MessageDigest.isEqual(HexFormat.of().parseHex(t.secretHash), hash))
                .orElseThrow(
                        () -> LakeshareException.unauthenticated("The bearer token is unknown or has been revoked"));
        if (token.kind == TokenKind.OIDC_SUBJECT) {
            // Its secret was never shown to anyone; refused all the same, should it ever be presented.
            throw LakeshareException.unauthenticated("The bearer token is unknown or has been revoked");
        }
        if (token.kind == TokenKind.OAUTH_CLIENT) {
            throw LakeshareException.unauthenticated(
                    "This is an OAuth client secret, not a bearer token: exchange it at "
                            + token.publicEndpoint + PublicEndpoint.OAUTH_TOKEN_PATH
                            + " for an access token (a version-2 profile makes clients do so)");
        }
        return checkOf(token, token.expiresAt);
    }

    /**
     * An access token this server signed, of an OAuth client that still exists: valid until the
     * earlier of its own expiry and the client's (a rotated client's grace included).
     */
    @Transactional
    TokenCheckCache.Check checkAccessToken(String secret, Instant now) {
        AccessTokens.Claims claims = accessTokens
                .verify(secret)
                .orElseThrow(
                        () -> LakeshareException.unauthenticated("The access token was not issued by this server"));
        if (!now.isBefore(claims.expiresAt())) {
            throw LakeshareException.unauthenticated(
                    "The access token expired at " + claims.expiresAt() + "; request a new one at the token endpoint");
        }
        TokenEntity client = TokenEntity.<TokenEntity>findByIdOptional(claims.clientId())
                .filter(t -> t.kind == TokenKind.OAUTH_CLIENT)
                .orElseThrow(() -> LakeshareException.unauthenticated(
                        "The OAuth client this access token was issued to has been removed"));
        Instant expires = client.expiresAt == null || claims.expiresAt().isBefore(client.expiresAt)
                ? claims.expiresAt()
                : client.expiresAt;
        return checkOf(client, expires);
    }

    /**
     * The binding of a verified JWT's subject: the recipient it names, until the earlier of the JWT's
     * expiry and the binding's own.
     */
    @Transactional
    TokenCheckCache.Check checkOidc(OidcTokens.Identity identity) {
        TokenEntity binding = TokenEntity.<TokenEntity>find(
                        "kind = ?1 and oidcIssuer = ?2 and oidcSubject = ?3",
                        TokenKind.OIDC_SUBJECT,
                        identity.issuerName(),
                        identity.subject())
                .firstResultOptional()
                .orElseThrow(() -> LakeshareException.unauthenticated("No recipient is bound to subject "
                        + OidcTokens.quote(identity.subject()) + " of issuer " + identity.issuerName()
                        + "; its owner binds one with token create --recipient NAME --oidc "
                        + identity.issuerName() + "=SUBJECT"));
        Instant until = identity.acceptedUntil();
        return checkOf(
                binding, binding.expiresAt == null || until.isBefore(binding.expiresAt) ? until : binding.expiresAt);
    }

    private static TokenCheckCache.Check checkOf(TokenEntity token, Instant expiresAt) {
        Bearer bearer = token.share != null
                ? Bearer.ofShare(token.id, token.share.id, token.publicEndpoint)
                : Bearer.ofRecipient(token.id, token.recipient.id, token.publicEndpoint);
        return new TokenCheckCache.Check(
                bearer, networksOf(token), expiresAt, token.replacedBy != null, token.lastUsedAt);
    }

    /** A share token may call from anywhere; a recipient's token from its recipient's networks. */
    private static AddressRanges networksOf(TokenEntity token) {
        return token.recipient == null ? AddressRanges.ANYWHERE : AddressRanges.parse(token.recipient.networks);
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
