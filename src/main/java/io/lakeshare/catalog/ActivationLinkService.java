package io.lakeshare.catalog;

import io.lakeshare.config.AuthConfig;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tokens handed over by a single-use link instead of in the admin's answer: the token is made at
 * once, with a secret nobody is shown; opening the link replaces it by a fresh one and returns the
 * profile, once. So the secret never travels by e-mail or chat, and is never stored: only hashes of
 * it and of the link's code are. An expired or used link says which.
 */
@ApplicationScoped
public class ActivationLinkService {

    private static final Logger LOG = Logger.getLogger(ActivationLinkService.class);

    /** A token waiting for its recipient: the link to send (it holds the code; shown once). */
    public record PendingToken(Token info, String link, Instant linkExpiresAt) {

        @Override
        public String toString() {
            return "PendingToken[" + info + ", link=<redacted>, expires " + linkExpiresAt + "]";
        }
    }

    /** What opening a link without using it shows: until when it can be used. */
    public record LinkState(Instant expiresAt) {}

    @Inject
    TokenService tokens;

    @Inject
    AuthConfig auth;

    /** Issues a token of a share or (with {@code recipientName}) of a recipient, delivered by a link. */
    @CatalogWrite
    @Transactional
    public PendingToken create(
            String shareName,
            String recipientName,
            Optional<Duration> lifetime,
            String description,
            String publicEndpoint,
            TokenKind kind) {
        IssuedToken unseen = shareName != null
                ? tokens.create(shareName, lifetime, description, publicEndpoint)
                : tokens.createForRecipient(recipientName, lifetime, description, publicEndpoint, kind);
        Instant now = CatalogTime.now();
        String code = TokenSecrets.generateActivationCode();
        ActivationLinkEntity link = new ActivationLinkEntity();
        link.id = UUID.randomUUID();
        link.token = TokenEntity.findById(unseen.info().id());
        link.codeHash = TokenSecrets.hashHex(code);
        link.createdAt = now;
        link.expiresAt = now.plus(auth.activationLinkTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (link.token.expiresAt != null && link.token.expiresAt.isBefore(link.expiresAt)) {
            link.expiresAt = link.token.expiresAt;
        }
        link.persist();
        LOG.infof("Token %s is to be activated by its link, until %s", link.token.id, link.expiresAt);
        return new PendingToken(
                unseen.info(), publicEndpoint + PublicEndpoint.ACTIVATION_PATH + "/" + code, link.expiresAt);
    }

    /** The state of a usable link with this code, without spending it; a spent or expired one is refused. */
    @Transactional
    public LinkState inspect(String code) {
        ActivationLinkEntity link = find(code);
        refuseSpent(link, CatalogTime.now());
        return new LinkState(link.expiresAt);
    }

    /**
     * Spends the link: its token gets a fresh secret, returned here with the token, once. Of two
     * requests at the same moment one wins; the other is told the link was used.
     */
    @CatalogWrite
    @Transactional
    public IssuedToken activate(String code) {
        ActivationLinkEntity link = find(code);
        Instant now = CatalogTime.now();
        refuseSpent(link, now);
        if (ActivationLinkEntity.update("usedAt = ?1 where id = ?2 and usedAt is null", now, link.id) == 0) {
            throw gone("This activation link has just been used; ask the data provider for a new one");
        }
        TokenEntity token = link.token;
        if (token.expiredAt(now)) {
            throw gone("The token of this activation link expired at " + token.expiresAt);
        }
        String secret = TokenSecrets.generate();
        token.secretHash = TokenSecrets.hashHex(secret);
        token.displayPrefix = TokenSecrets.displayPrefix(secret);
        LOG.infof("Activated token %s (%s...) of %s by its link", token.id, token.displayPrefix, token.holderName());
        return new IssuedToken(Token.of(token), secret);
    }

    private static ActivationLinkEntity find(String code) {
        if (!TokenSecrets.looksLikeActivationCode(code)) {
            throw LakeshareException.notFound("This is not an activation link of this server");
        }
        return ActivationLinkEntity.<ActivationLinkEntity>find("codeHash", TokenSecrets.hashHex(code))
                .firstResultOptional()
                .orElseThrow(() -> LakeshareException.notFound(
                        "Unknown activation link (or its token was revoked); ask the data provider for a new one"));
    }

    private static void refuseSpent(ActivationLinkEntity link, Instant now) {
        if (link.usedAt != null) {
            throw gone("This activation link was used at " + link.usedAt
                    + "; it works once. Ask the data provider for a new one");
        }
        if (!now.isBefore(link.expiresAt)) {
            throw gone("This activation link expired at " + link.expiresAt + "; ask the data provider for a new one");
        }
    }

    private static LakeshareException gone(String message) {
        return new LakeshareException(ErrorCode.RESOURCE_DOES_NOT_EXIST, 410, message);
    }
}
