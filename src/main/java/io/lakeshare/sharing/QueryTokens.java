package io.lakeshare.sharing;

import io.lakeshare.config.TablesConfig;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Page and refresh tokens of table queries, signed like list page tokens. A page token pins the
 * table, the version, where the next page starts, and a checksum of the request's other parameters,
 * so that every page comes from the same snapshot with the same filters; a refresh token pins the
 * table and the version, so that fresh URLs name the same files.
 */
@ApplicationScoped
public class QueryTokens {

    /** Where the next page of a query starts: the scan position and the rows counted so far. */
    record Page(long version, long nextIndex, long rowsSoFar) {}

    @Inject
    PageTokens signer;

    @Inject
    TablesConfig config;

    String page(String tableId, String checksum, Page page, Instant now) {
        long expires = now.plus(config.pageTokenTtl()).getEpochSecond();
        return signer.encode(
                pageScope(tableId, checksum),
                List.of(
                        String.valueOf(page.version()),
                        String.valueOf(page.nextIndex()),
                        String.valueOf(page.rowsSoFar()),
                        String.valueOf(expires)));
    }

    Page page(String token, String tableId, String checksum, Instant now) {
        List<String> p = signer.decode(
                token,
                pageScope(tableId, checksum),
                4,
                "pageToken",
                "pass back the nextPageToken of the previous page, with the same other parameters");
        checkExpiry(p.get(3), now, "pageToken");
        return new Page(Long.parseLong(p.get(0)), Long.parseLong(p.get(1)), Long.parseLong(p.get(2)));
    }

    /** Where the next page of a changes query starts: the pinned range and head, and a commit and file in it. */
    record ChangesPage(long start, long end, long head, long version, long index) {}

    String changesPage(String tableId, String checksum, ChangesPage page, Instant now) {
        long expires = now.plus(config.pageTokenTtl()).getEpochSecond();
        return signer.encode(
                "changes:" + tableId + ":" + checksum,
                List.of(
                        String.valueOf(page.start()),
                        String.valueOf(page.end()),
                        String.valueOf(page.head()),
                        String.valueOf(page.version()),
                        String.valueOf(page.index()),
                        String.valueOf(expires)));
    }

    ChangesPage changesPage(String token, String tableId, String checksum, Instant now) {
        List<String> p = signer.decode(
                token,
                "changes:" + tableId + ":" + checksum,
                6,
                "pageToken",
                "pass back the nextPageToken of the previous page, with the same other parameters");
        checkExpiry(p.get(5), now, "pageToken");
        return new ChangesPage(
                Long.parseLong(p.get(0)),
                Long.parseLong(p.get(1)),
                Long.parseLong(p.get(2)),
                Long.parseLong(p.get(3)),
                Long.parseLong(p.get(4)));
    }

    String refresh(String tableId, long version, Instant now) {
        long expires = now.plus(config.refreshTokenTtl()).getEpochSecond();
        return signer.encode("refresh:" + tableId, List.of(String.valueOf(version), String.valueOf(expires)));
    }

    long refresh(String token, String tableId, Instant now) {
        List<String> p = signer.decode(
                token,
                "refresh:" + tableId,
                2,
                "refreshToken",
                "pass back the refreshToken of an earlier query of this table");
        checkExpiry(p.get(1), now, "refreshToken");
        return Long.parseLong(p.get(0));
    }

    /** A checksum of the parameters every page of a query must repeat. */
    static String checksum(Object... parameters) {
        StringBuilder text = new StringBuilder();
        for (Object p : parameters) {
            text.append(p).append('\u0001');
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pageScope(String tableId, String checksum) {
        return "query:" + tableId + ":" + checksum;
    }

    private static void checkExpiry(String expires, Instant now, String parameter) {
        if (now.getEpochSecond() > Long.parseLong(expires)) {
            throw LakeshareException.invalidParameter("The " + parameter + " has expired; start the query again");
        }
    }
}
