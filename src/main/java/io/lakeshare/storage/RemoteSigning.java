package io.lakeshare.storage;

import io.lakeshare.config.StorageConfig;
import io.lakeshare.config.StorageConfig.StoreKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * S3 remote signing for clients that read a table's files straight from S3 without credentials of
 * their own (Iceberg's REST signer protocol): the client sends the request it is about to make, and
 * gets the headers that sign it. Only reads ({@code GET}, {@code HEAD}) of objects under the prefixes
 * the caller allows, at the S3 endpoint recipients reach, are signed; anything else is refused.
 */
@ApplicationScoped
public class RemoteSigning {

    /** Where and how clients reach S3: what an S3 client of theirs needs besides the signatures. */
    public record ClientSettings(Optional<URI> endpoint, String region, boolean pathStyleAccess) {}

    /** A request refused: the message says why, naming nothing the caller did not send. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final StorageConfig config;
    private final Storage storage;

    @Inject
    public RemoteSigning(StorageConfig config, Storage storage) {
        this.config = config;
        this.storage = storage;
    }

    /** Whether the bucket's objects can be signed for: it is kept in S3. */
    public boolean signs(String bucket) {
        return storage.kindOf(bucket) == StoreKind.S3;
    }

    public ClientSettings clientSettings() {
        StorageConfig.S3 s3 = config.s3();
        return new ClientSettings(s3.publicEndpoint().or(s3::endpoint), s3.region(), s3.pathStyleAccess());
    }

    /**
     * The headers that sign {@code method uri} (the client adds them to its request), if it reads an
     * object under one of {@code allowed}.
     *
     * @throws Refused for another method, another host, a bucket or key outside {@code allowed}
     */
    public Map<String, String> sign(
            String method, String uri, Map<String, String> clientHeaders, List<ObjectPrefix> allowed) {
        String verb = requireRead(method);
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Refused("The uri to sign is not a URI");
        }
        if (target.getHost() == null || target.getScheme() == null) {
            throw new Refused("The uri to sign must be an absolute http(s) URI");
        }
        ClientSettings settings = clientSettings();
        String endpointHost = settings.endpoint()
                .map(URI::getHost)
                .orElse(
                        "us-east-1".equals(settings.region())
                                ? "s3.amazonaws.com"
                                : "s3." + settings.region() + ".amazonaws.com");
        int endpointPort = settings.endpoint().map(e -> port(e)).orElse(443);
        if (port(target) != endpointPort) {
            throw new Refused("The uri to sign is not at the S3 endpoint of this server's storage");
        }
        String host = target.getHost().toLowerCase(Locale.ROOT);
        String rawPath = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String path = decode(rawPath, false);
        String bucket;
        String key;
        if (host.equals(endpointHost.toLowerCase(Locale.ROOT))) {
            int slash = path.indexOf('/', 1);
            bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
            key = slash < 0 ? "" : path.substring(slash + 1);
        } else if (host.endsWith("." + endpointHost.toLowerCase(Locale.ROOT))) {
            bucket = host.substring(0, host.length() - endpointHost.length() - 1);
            key = path.substring(1);
        } else {
            throw new Refused("The uri to sign is not at the S3 endpoint of this server's storage");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new Refused("Only the table's own files are signed for it");
            }
        }
        if (!signs(bucket) || allowed.stream().noneMatch(p -> p.holds(bucket, key))) {
            throw new Refused("Only the table's own files are signed for it");
        }
        List<Map.Entry<String, String>> query = new ArrayList<>();
        String rawQuery = target.getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.add(Map.entry(
                        decode(eq < 0 ? pair : pair.substring(0, eq), true),
                        eq < 0 ? "" : decode(pair.substring(eq + 1), true)));
            }
        }
        boolean defaultPort = target.getPort() < 0
                || (target.getPort() == 443 && "https".equalsIgnoreCase(target.getScheme()))
                || (target.getPort() == 80 && "http".equalsIgnoreCase(target.getScheme()));
        String hostHeader = target.getHost() + (defaultPort ? "" : ":" + target.getPort());
        return S3HeaderSigner.sign(
                verb,
                hostHeader,
                S3UrlSigner.encode(path, false),
                query,
                clientHeaders,
                config.s3().region(),
                storage.signingCredentials(),
                Instant.now());
    }

    /** The method, upper-cased, if it only reads. */
    public static String requireRead(String method) {
        String verb = method == null ? "" : method.toUpperCase(Locale.ROOT);
        if (!verb.equals("GET") && !verb.equals("HEAD")) {
            throw new Refused("Only reads (GET, HEAD) are signed; this catalog is read-only");
        }
        return verb;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String decode(String s, boolean plusIsSpace) {
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("The uri to sign is not properly percent-encoded");
        }
    }
}
