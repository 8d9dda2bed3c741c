package io.lakeshare.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.config.AuthConfig;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The identity providers the owner trusts ({@code lakeshare.auth.oidc.issuers}) and their signing
 * keys: each issuer's JWKS is fetched over HTTP (its {@code jwks-uri}, else the {@code jwks_uri} of its
 * OIDC discovery document), kept {@code jwks-cache-ttl}, and fetched again early, at most once per
 * {@code jwks-min-refetch-interval}, when a JWT names a key it does not hold (the IdP rotated its
 * keys). An IdP that cannot be reached leaves the keys last fetched in use; with none fetched yet, a
 * JWT of it is answered 503 with {@code Retry-After}.
 */
@ApplicationScoped
public class OidcIssuers {

    private static final Logger LOG = Logger.getLogger(OidcIssuers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_AFTER_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An issuer's keys as last fetched, and where its clients get tokens (from discovery, if it has one). */
    private record Fetched(List<JsonWebKey> keys, Optional<String> tokenEndpoint, long atNanos) {
        boolean holds(String kid) {
            return kid == null || keys.stream().anyMatch(k -> kid.equals(k.getKeyId()));
        }
    }

    /** What a discovery document says. */
    private record Discovery(Optional<URI> jwksUri, Optional<String> tokenEndpoint) {}

    @Inject
    AuthConfig auth;

    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();
    /** One fetch at a time per issuer: a slow IdP holds up its own JWTs only. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** When a first fetch last failed, per issuer: JWTs of an IdP that is down do not each try again. */
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();

    private volatile HttpClient http;

    /** Whether {@code name} is a configured issuer. */
    public boolean configured(String name) {
        return auth.oidc().issuers().containsKey(name);
    }

    /** The configured issuers' names, for messages. */
    public List<String> names() {
        return auth.oidc().issuers().keySet().stream().sorted().toList();
    }

    /**
     * The token endpoint of issuer {@code name} from its discovery document, for the profile template
     * of a binding; empty when it cannot be read now (the owner fills it in).
     */
    public Optional<String> tokenEndpoint(String name) {
        AuthConfig.Issuer issuer = auth.oidc().issuers().get(name);
        if (issuer == null) {
            return Optional.empty();
        }
        try {
            return discover(name, issuer).tokenEndpoint();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The discovery document of OIDC issuer %s could not be read: %s", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** The scope configured for issuer {@code name}'s clients, if any. */
    public Optional<String> scope(String name) {
        return Optional.ofNullable(auth.oidc().issuers().get(name)).flatMap(AuthConfig.Issuer::scope);
    }

    /** The identity a JWT of a trusted issuer proves; a 401 for any JWT that fails a rule. */
    OidcTokens.Identity verify(String jwt) {
        return OidcTokens.verify(
                jwt, auth.oidc().issuers(), this::keys, auth.oidc().clockSkew(), CatalogTime.now());
    }

    private List<JsonWebKey> keys(String name, AuthConfig.Issuer issuer, String kid) {
        long now = System.nanoTime();
        Fetched last = fetched.get(name);
        if (last != null && fresh(last, kid, now)) {
            return last.keys();
        }
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            last = fetched.get(name);
            if (last != null && fresh(last, kid, System.nanoTime())) {
                return last.keys();
            }
            Long failed = failedAt.get(name);
            if (last == null
                    && failed != null
                    && System.nanoTime() - failed
                            < auth.oidc().jwksMinRefetchInterval().toNanos()) {
                throw unreachable(name);
            }
            try {
                Fetched got = fetch(name, issuer);
                fetched.put(name, got);
                failedAt.remove(name);
                LOG.infof(
                        "Fetched the JWKS of OIDC issuer %s: %d keys",
                        name, got.keys().size());
                return got.keys();
            } catch (IOException | RuntimeException e) {
                if (last == null) {
                    failedAt.put(name, System.nanoTime());
                    LOG.warnf("The JWKS of OIDC issuer %s could not be fetched: %s", name, e.getMessage());
                    throw unreachable(name);
                }
                LOG.warnf(
                        "The JWKS of OIDC issuer %s could not be fetched again (%s); the keys fetched before stay in use",
                        name, e.getMessage());
                // Try again after the shorter interval, not at every request.
                long retryAt = now
                        - auth.oidc().jwksCacheTtl().toNanos()
                        + auth.oidc().jwksMinRefetchInterval().toNanos();
                fetched.put(name, new Fetched(last.keys(), last.tokenEndpoint(), retryAt));
                return last.keys();
            }
        }
    }

    private static LakeshareException unreachable(String name) {
        return LakeshareException.unavailable(
                "The signing keys of identity provider " + name + " cannot be fetched now; retry in a moment",
                RETRY_AFTER_SECONDS);
    }

    /** Young enough, and holding the JWT's key (or fetched too recently to ask again). */
    private boolean fresh(Fetched last, String kid, long now) {
        long age = now - last.atNanos();
        if (age >= auth.oidc().jwksCacheTtl().toNanos()) {
            return false;
        }
        return last.holds(kid) || age < auth.oidc().jwksMinRefetchInterval().toNanos();
    }

    private Fetched fetch(String name, AuthConfig.Issuer issuer) throws IOException {
        Optional<String> tokenEndpoint = Optional.empty();
        URI jwksUri;
        if (issuer.jwksUri().isPresent()) {
            jwksUri = issuer.jwksUri().get();
        } else {
            Discovery discovery = discover(name, issuer);
            jwksUri =
                    discovery.jwksUri().orElseThrow(() -> new IOException("its discovery document names no jwks_uri"));
            tokenEndpoint = discovery.tokenEndpoint();
        }
        try {
            return new Fetched(
                    List.copyOf(new JsonWebKeySet(get(jwksUri)).getJsonWebKeys()), tokenEndpoint, System.nanoTime());
        } catch (JoseException e) {
            throw new IOException("its JWKS at " + jwksUri + " is not a JSON Web Key Set: " + e.getMessage());
        }
    }

    private Discovery discover(String name, AuthConfig.Issuer issuer) throws IOException {
        String base = issuer.issuer().toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        JsonNode document = JSON.readTree(get(uri));
        // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for.
        if (!base.equals(document.path("issuer").asText())) {
            throw new IOException("the discovery document at " + uri + " names issuer '"
                    + document.path("issuer").asText() + "', not " + base);
        }
        return new Discovery(text(document, "jwks_uri").map(URI::create), text(document, "token_endpoint"));
    }

    private static Optional<String> text(JsonNode document, String field) {
        JsonNode value = document.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private String get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    http = c;
                }
            }
        }
        return c;
    }
}
