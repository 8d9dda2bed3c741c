package io.lakeshare.storage;

/**
 * Server-wide secret keys by purpose, the same on every replica and across restarts: what the
 * server's own file URLs are signed with. The catalog keeps them.
 */
public interface SecretKeys {

    /** The purpose of the key the server's own file URLs are signed with. */
    String DATA_URLS = "data-url";

    byte[] key(String purpose);
}
