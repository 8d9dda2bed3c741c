package io.lakeshare.catalog;

import io.lakeshare.storage.SecretKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Server-wide HMAC keys by purpose, stored in the database, so that a token signed by one replica
 * verifies on another and survives restarts. Every purpose's key is read, or created, at start:
 * serving recipients then never needs a write, which the catalog may be unable to store later (its
 * disk full or read-only).
 */
@ApplicationScoped
public class SigningKeyService implements SecretKeys {

    /** Page tokens of listings. */
    public static final String LIST_PAGE_TOKENS = "list-page-token";

    /** Access tokens issued at the OAuth2 token endpoint. */
    public static final String OAUTH_ACCESS_TOKENS = "oauth-access-token";

    private static final List<String> PURPOSES = List.of(SecretKeys.DATA_URLS, LIST_PAGE_TOKENS, OAUTH_ACCESS_TOKENS);
    private static final Logger LOG = Logger.getLogger(SigningKeyService.class);

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        for (String purpose : PURPOSES) {
            try {
                key(purpose);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "The signing key for %s could not be read or created at start (%s); it is tried again at first use",
                        purpose, e.toString());
            }
        }
    }

    @Override
    public byte[] key(String purpose) {
        byte[] key = cache.get(purpose);
        if (key == null) {
            try {
                key = loadOrCreate(purpose);
            } catch (RuntimeException raceWithAnotherReplica) {
                key = loadOrCreate(purpose);
            }
            cache.put(purpose, key);
        }
        return key;
    }

    @Transactional
    byte[] loadOrCreate(String purpose) {
        SigningKeyEntity entity = SigningKeyEntity.findById(purpose);
        if (entity == null) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            entity = new SigningKeyEntity();
            entity.purpose = purpose;
            entity.secret = Base64.getEncoder().encodeToString(bytes);
            entity.createdAt = CatalogTime.now();
            entity.persist();
        }
        return Base64.getDecoder().decode(entity.secret);
    }
}
