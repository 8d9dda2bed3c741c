package io.lakeshare.sharing;

import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import java.time.Instant;

/**
 * The query string of {@code GET .../changes}, checked and typed: where the range starts (a version
 * or a timestamp), where it ends (either, or the latest version), whether historical metadata and
 * protocol lines are wanted, and the page asked for.
 */
public record ChangesRequest(
        Long startingVersion,
        Instant startingTimestamp,
        Long endingVersion,
        Instant endingTimestamp,
        boolean includeHistoricalMetadata,
        boolean includeHistoricalProtocol,
        Integer maxFiles,
        String pageToken) {

    /** Parses the parameters as sent; refuses missing or contradictory ones with the protocol's 400. */
    public static ChangesRequest parse(
            String startingVersion,
            String startingTimestamp,
            String endingVersion,
            String endingTimestamp,
            String includeHistoricalMetadata,
            String includeHistoricalProtocol,
            String maxFiles,
            String pageToken) {
        if ((startingVersion == null) == (startingTimestamp == null)) {
            throw LakeshareException.invalidParameter(
                    "Please provide exactly one of: startingVersion, startingTimestamp");
        }
        if (endingVersion != null && endingTimestamp != null) {
            throw LakeshareException.invalidParameter("Please only provide one of: endingVersion, endingTimestamp");
        }
        return new ChangesRequest(
                TableVersions.parseVersion("startingVersion", startingVersion),
                startingTimestamp == null ? null : Timestamps.parse("startingTimestamp", startingTimestamp),
                TableVersions.parseVersion("endingVersion", endingVersion),
                endingTimestamp == null ? null : Timestamps.parse("endingTimestamp", endingTimestamp),
                "true".equalsIgnoreCase(includeHistoricalMetadata),
                "true".equalsIgnoreCase(includeHistoricalProtocol),
                maxFiles == null ? null : positive(maxFiles),
                InputLimits.atMost("pageToken", pageToken, InputLimits.TOKEN));
    }

    private static int positive(String maxFiles) {
        try {
            int n = Integer.parseInt(maxFiles.strip());
            if (n <= 0) {
                throw LakeshareException.invalidParameter("maxFiles must be positive, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw LakeshareException.invalidParameter("maxFiles must be a whole number, got '" + maxFiles + "'");
        }
    }

    /** The parameter the range starts by, as recipients named it. */
    String startParameter() {
        return startingVersion != null ? "startingVersion" : "startingTimestamp";
    }
}
