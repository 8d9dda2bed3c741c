package io.lakeshare.storage;

/**
 * Server-wide secret keys by purpose, the same on every replica and across restarts: what the
 * server's own file URLs are signed with. The catalog keeps them.
 */
public interface SecretKeys {

    byte[] key(String purpose);
}
