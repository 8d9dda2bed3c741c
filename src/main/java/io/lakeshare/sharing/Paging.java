package io.lakeshare.sharing;

import io.lakeshare.config.ListingConfig;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns {@code maxResults}/{@code pageToken} into a page request, and a fetched slice into a page. */
@ApplicationScoped
public class Paging {

    @Inject
    ListingConfig listing;

    @Inject
    PageTokens tokens;

    /** A validated page request: the page size and where the page starts. */
    public record Request(String scope, int size, int positionParts, Optional<List<String>> after) {

        /** How many rows to fetch: one more than the page, to know whether another page follows. */
        public int fetch() {
            return size + 1;
        }
    }

    public Request request(String scope, String maxResults, String pageToken, int positionParts) {
        int size = pageSize(maxResults);
        Optional<List<String>> after = pageToken == null || pageToken.isEmpty()
                ? Optional.empty()
                : Optional.of(tokens.decode(pageToken, scope, positionParts));
        return new Request(scope, size, positionParts, after);
    }

    /** The page made of {@code fetched} (at most {@code request.fetch()} rows). */
    public <R, T> ListingModels.Page<T> page(
            Request request, List<R> fetched, Function<R, T> item, Function<R, List<String>> position) {
        boolean more = fetched.size() > request.size();
        List<R> rows = more ? fetched.subList(0, request.size()) : fetched;
        String next = null;
        if (more) {
            // With maxResults=0 the next page starts where this one would have.
            next = rows.isEmpty()
                    ? tokens.encode(
                            request.scope(), request.after().orElse(Collections.nCopies(request.positionParts(), "")))
                    : tokens.encode(request.scope(), position.apply(rows.get(rows.size() - 1)));
        }
        return new ListingModels.Page<>(rows.stream().map(item).toList(), next);
    }

    private int pageSize(String maxResults) {
        if (maxResults == null || maxResults.isEmpty()) {
            return listing.defaultPageSize();
        }
        int value;
        try {
            value = Integer.parseInt(maxResults.strip());
        } catch (NumberFormatException e) {
            throw LakeshareException.invalidParameter(
                    "maxResults must be a whole number, got '" + abbreviate(maxResults) + "'");
        }
        if (value < 0) {
            throw LakeshareException.invalidParameter("maxResults must not be negative, got " + value);
        }
        return Math.min(value, listing.maxPageSize());
    }

    private static String abbreviate(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }
}
