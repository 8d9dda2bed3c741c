package io.lakeshare.sharing;

/**
 * How far a query's listing has got: the rows counted towards {@code limitHint}, the files sent on
 * this page and those the predicate hints skipped, and where the next page starts, once known.
 */
final class ListingCursor {

    long rows;
    long sent;
    long skipped;
    String nextPageToken;

    ListingCursor(long rowsSoFar) {
        this.rows = rowsSoFar;
    }
}
