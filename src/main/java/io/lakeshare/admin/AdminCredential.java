package io.lakeshare.admin;

import io.lakeshare.config.LakeshareConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The admin API's credential: {@code lakeshare.admin-token} when set; otherwise one generated at
 * first start and kept, readable by its owner only, in {@code <data-dir>/admin-token}, where the
 * CLI on the same machine finds it. A credential set below {@value #MIN_LENGTH} characters, or
 * with fewer than {@value #MIN_DISTINCT} different ones, is refused at start: it opens every share
 * and every token to whoever guesses it, and the admin API is reachable wherever recipients are.
 */
@Startup
@ApplicationScoped
public class AdminCredential {

    static final String FILE_NAME = "admin-token";
    static final int MIN_LENGTH = 16;
    static final int MIN_DISTINCT = 8;
    private static final Logger LOG = Logger.getLogger(AdminCredential.class);

    private final byte[] expected;

    @Inject
    AdminCredential(LakeshareConfig config) {
        Optional<String> configured = config.adminToken().filter(t -> !t.isBlank());
        configured.flatMap(AdminCredential::weakness).ifPresent(weakness -> {
            String refusal =
                    "lakeshare.admin-token (LAKESHARE_ADMIN_TOKEN) is too weak to start with: " + weakness + "."
                            + " Recommended action: set it to a random value (for example the output of `openssl rand -hex 32`),"
                            + " or unset it to have one generated into "
                            + config.dataDir().resolve(FILE_NAME);
            LOG.error(refusal);
            throw new IllegalStateException(refusal);
        });
        String token = configured.orElseGet(() -> generatedToken(config.dataDir()));
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Why a credential is too weak to accept, if it is; never quotes it. */
    static Optional<String> weakness(String token) {
        int length = token.codePointCount(0, token.length());
        long distinct = token.codePoints().distinct().count();
        if (length < MIN_LENGTH || distinct < MIN_DISTINCT) {
            return Optional.of(length + " characters, " + distinct + " of them different; at least " + MIN_LENGTH
                    + " characters, " + MIN_DISTINCT + " of them different, are needed");
        }
        return Optional.empty();
    }

    /** Compares in constant time, so that response times say nothing about the secret. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String generatedToken(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                LOG.infof("Admin API credential: read from %s (LAKESHARE_ADMIN_TOKEN is unset)", file.toAbsolutePath());
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = "lsa_" + HexFormat.of().formatHex(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            LOG.warnf(
                    "Admin API credential: generated one and wrote it to %s, readable by this user only."
                            + " Set LAKESHARE_ADMIN_TOKEN to choose it yourself.",
                    file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read or write the admin credential file " + file.toAbsolutePath(), e);
        }
    }
}
