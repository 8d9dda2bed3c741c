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
import org.jboss.logging.Logger;

/**
 * The admin API's credential: {@code lakeshare.admin-token} when set; otherwise one generated at
 * first start and kept, readable by its owner only, in {@code <data-dir>/admin-token}, where the
 * CLI on the same machine finds it.
 */
@Startup
@ApplicationScoped
public class AdminCredential {

    static final String FILE_NAME = "admin-token";
    private static final Logger LOG = Logger.getLogger(AdminCredential.class);

    private final byte[] expected;

    @Inject
    AdminCredential(LakeshareConfig config) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElseGet(() -> generatedToken(config.dataDir()));
        this.expected = token.getBytes(StandardCharsets.UTF_8);
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
            LOG.warnf("Admin API credential: generated one and wrote it to %s, readable by this user only."
                    + " Set LAKESHARE_ADMIN_TOKEN to choose it yourself.", file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the admin credential file " + file.toAbsolutePath(), e);
        }
    }
}
