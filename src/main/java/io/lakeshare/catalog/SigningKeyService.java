package io.lakeshare.catalog;

import io.lakeshare.storage.SecretKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-wide HMAC keys by purpose, created on first use and stored in the database, so that a
 * token signed by one replica verifies on another and survives restarts.
 */
@ApplicationScoped
public class SigningKeyService implements SecretKeys {

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

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
