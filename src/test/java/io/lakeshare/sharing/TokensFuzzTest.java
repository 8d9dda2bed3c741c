package io.lakeshare.sharing;

import static io.lakeshare.FuzzOutcomes.valueOrBadRequest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lakeshare.catalog.SigningKeyService;
import io.lakeshare.config.TablesConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the signed cursors a recipient passes back: list and query page tokens and refresh tokens.
 * Any string either decodes or is refused with the protocol's 400; a genuine token, tampered with,
 * is refused or still means exactly what it meant (never another position). In {@code ./mvnw test}
 * this replays the inputs in TokensFuzzTestInputs; {@code ./dev fuzz} fuzzes it.
 */
class TokensFuzzTest {

    private static final Instant NOW = Instant.parse("2024-01-31T12:00:00Z");
    /** The server's clock, however wrong, reads a time before this. */
    private static final long YEAR_3000 = Instant.parse("3000-01-01T00:00:00Z").getEpochSecond();

    private static final PageTokens PAGE_TOKENS = new PageTokens();
    private static final QueryTokens QUERY_TOKENS = new QueryTokens();

    static {
        byte[] key = "a fixed key for the fuzz tests, 32b".getBytes(StandardCharsets.UTF_8);
        PAGE_TOKENS.keys = new SigningKeyService() {
            @Override
            public byte[] key(String purpose) {
                return key;
            }
        };
        QUERY_TOKENS.signer = PAGE_TOKENS;
        QUERY_TOKENS.config = (TablesConfig) Proxy.newProxyInstance(
                TablesConfig.class.getClassLoader(),
                new Class<?>[] {TablesConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "pageTokenTtl" -> Duration.ofDays(3);
                    case "refreshTokenTtl" -> Duration.ofHours(1);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Any text as {@code pageToken} of a listing, a query or a changes query. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void pageTokens(FuzzedDataProvider data) {
        String scope = data.consumeString(40);
        int parts = data.consumeInt(0, 6);
        Instant now = data.consumeBoolean() ? NOW : Instant.ofEpochSecond(data.consumeLong(0, YEAR_3000));
        String token = data.consumeRemainingAsString();
        valueOrBadRequest(() -> PAGE_TOKENS.decode(token, scope, parts));
        valueOrBadRequest(() -> QUERY_TOKENS.page(token, "table", "checksum", now));
        valueOrBadRequest(() -> QUERY_TOKENS.changesPage(token, "table", "checksum", now));
    }

    /** Any text as {@code refreshToken}. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void refreshTokens(FuzzedDataProvider data) {
        String table = data.consumeString(40);
        Instant now = data.consumeBoolean() ? NOW : Instant.ofEpochSecond(data.consumeLong(0, YEAR_3000));
        String token = data.consumeRemainingAsString();
        valueOrBadRequest(() -> QUERY_TOKENS.refresh(token, table, now));
    }

    /** A genuine page token of each kind, tampered with: refused, or decoded to what it was issued for. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void pageTokenTampering(FuzzedDataProvider data) {
        String scope = "tables:" + data.consumeString(30);
        List<String> position = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            position.add(data.consumeString(20));
        }
        String listToken = PAGE_TOKENS.encode(scope, position);
        QueryTokens.Page page = new QueryTokens.Page(data.consumeLong(), data.consumeLong(), data.consumeLong());
        String queryToken = QUERY_TOKENS.page("table", "checksum", page, NOW);
        QueryTokens.ChangesPage changes = new QueryTokens.ChangesPage(
                data.consumeLong(), data.consumeLong(), data.consumeLong(), data.consumeLong(), data.consumeLong());
        String changesToken = QUERY_TOKENS.changesPage("table", "checksum", changes, NOW);
        int kind = data.consumeInt(0, 2);
        String tampered = tamper(kind == 0 ? listToken : kind == 1 ? queryToken : changesToken, data);
        Instant later = data.consumeBoolean() ? NOW : NOW.plusSeconds(data.consumeLong(0, 10 * 86_400));
        switch (kind) {
            case 0 -> sameOrRefused(position, () -> PAGE_TOKENS.decode(tampered, scope, position.size()));
            case 1 -> sameOrRefused(page, () -> QUERY_TOKENS.page(tampered, "table", "checksum", later));
            default -> sameOrRefused(changes, () -> QUERY_TOKENS.changesPage(tampered, "table", "checksum", later));
        }
        // Never valid for another table, another query or a token of another kind.
        refused(() -> QUERY_TOKENS.page(tampered, "table2", "checksum", NOW));
        refused(() -> QUERY_TOKENS.changesPage(tampered, "table", "checksum2", NOW));
        refused(() -> QUERY_TOKENS.refresh(tampered, "table", NOW));
    }

    /** A genuine refresh token, tampered with: refused, or the version it was issued for. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void refreshTokenTampering(FuzzedDataProvider data) {
        String table = data.consumeString(30);
        long version = data.consumeLong();
        String tampered = tamper(QUERY_TOKENS.refresh(table, version, NOW), data);
        Instant later = data.consumeBoolean() ? NOW : NOW.plusSeconds(data.consumeLong(0, 7_200));
        sameOrRefused(version, () -> QUERY_TOKENS.refresh(tampered, table, later));
        refused(() -> QUERY_TOKENS.refresh(tampered, table + "x", NOW));
        refused(() -> QUERY_TOKENS.page(tampered, table, "checksum", NOW));
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/|%";

    /** Edits of the kinds a careless or hostile client makes: flipped, inserted, dropped or swapped characters. */
    private static String tamper(String token, FuzzedDataProvider data) {
        StringBuilder t = new StringBuilder(token);
        for (int edits = data.consumeInt(1, 4); edits > 0; edits--) {
            int at = t.length() == 0 ? 0 : data.consumeInt(0, t.length() - 1);
            switch (data.consumeInt(0, 6)) {
                case 0 -> {
                    if (t.length() > 0) {
                        t.setCharAt(at, ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)));
                    }
                }
                case 1 -> t.insert(at, data.consumeString(4));
                case 2 -> {
                    if (t.length() > 0) {
                        t.deleteCharAt(at);
                    }
                }
                case 3 -> t.setLength(at);
                case 4 -> {
                    int dot = t.indexOf(".");
                    if (dot >= 0) {
                        t.replace(0, t.length(), t.substring(dot + 1) + "." + t.substring(0, dot));
                    }
                }
                case 5 -> t.append(data.consumeString(8));
                default -> {
                    if (t.length() > 0) {
                        char c = t.charAt(at);
                        t.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                }
            }
        }
        return t.toString();
    }

    private static void sameOrRefused(Object issued, java.util.function.Supplier<?> decode) {
        Object decoded = valueOrBadRequest(decode);
        if (decoded != null && !decoded.equals(issued)) {
            throw new AssertionError("a tampered token decoded to " + decoded + ", issued for " + issued);
        }
    }

    private static void refused(java.util.function.Supplier<?> decode) {
        Object decoded = valueOrBadRequest(decode);
        if (decoded != null) {
            throw new AssertionError("a token was accepted where it was not issued: " + decoded);
        }
    }
}
