package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import java.util.List;

/** The body of {@code POST .../query}; unknown fields are ignored, as the protocol asks. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryRequest(
        List<String> predicateHints,
        String jsonPredicateHints,
        Long limitHint,
        Long version,
        String timestamp,
        Long startingVersion,
        Long endingVersion,
        Integer maxFiles,
        String pageToken,
        Boolean includeRefreshToken,
        String refreshToken,
        Boolean includeHistoricalProtocol,
        String idempotencyKey,
        // Spark sends the key in snake case.
        @JsonProperty("idempotency_key") String idempotencyKeySnake) {

    public static final QueryRequest EMPTY =
            new QueryRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    String idempotency() {
        return idempotencyKey != null ? idempotencyKey : idempotencyKeySnake;
    }

    /** This query, paged as a poll of an asynchronous query asks. */
    QueryRequest withPage(Integer maxFiles, String pageToken) {
        return new QueryRequest(
                predicateHints,
                jsonPredicateHints,
                limitHint,
                version,
                timestamp,
                startingVersion,
                endingVersion,
                maxFiles,
                pageToken,
                includeRefreshToken,
                refreshToken,
                includeHistoricalProtocol,
                idempotencyKey,
                idempotencyKeySnake);
    }

    /** Refuses contradictory or out-of-range parameters, as the protocol asks, before anything is read. */
    public void validate() {
        QueryRequest r = this;
        InputLimits.atMost("jsonPredicateHints", r.jsonPredicateHints(), InputLimits.JSON_PREDICATE_HINTS);
        InputLimits.atMost(
                "predicateHints", r.predicateHints(), InputLimits.PREDICATE_HINTS, InputLimits.PREDICATE_HINT);
        InputLimits.atMost("idempotencyKey", r.idempotencyKey(), InputLimits.IDEMPOTENCY_KEY);
        InputLimits.atMost("idempotency_key", r.idempotencyKeySnake(), InputLimits.IDEMPOTENCY_KEY);
        InputLimits.atMost("pageToken", r.pageToken(), InputLimits.TOKEN);
        InputLimits.atMost("refreshToken", r.refreshToken(), InputLimits.TOKEN);
        InputLimits.atMost("timestamp", r.timestamp(), InputLimits.TIMESTAMP);
        int pinned =
                (r.version() != null ? 1 : 0) + (r.timestamp() != null ? 1 : 0) + (r.startingVersion() != null ? 1 : 0);
        if (pinned > 1) {
            throw LakeshareException.invalidParameter(
                    "Please only provide one of: version, timestamp, startingVersion");
        }
        requireNotNegative("version", r.version());
        requireNotNegative("limitHint", r.limitHint());
        if (r.endingVersion() != null && r.startingVersion() == null) {
            throw LakeshareException.invalidParameter("endingVersion needs startingVersion");
        }
        if (r.startingVersion() != null) {
            validateRange(r);
        }
        if (r.maxFiles() != null && r.maxFiles() <= 0) {
            throw LakeshareException.invalidParameter("maxFiles must be positive, got " + r.maxFiles());
        }
        boolean timeTravel = r.version() != null || r.timestamp() != null;
        if ((Boolean.TRUE.equals(r.includeRefreshToken()) || r.refreshToken() != null)
                && (timeTravel || r.pageToken() != null || r.startingVersion() != null)) {
            throw LakeshareException.invalidParameter(
                    "includeRefreshToken and refreshToken are for latest-snapshot queries:"
                            + " not with version, timestamp, startingVersion or pageToken");
        }
    }

    private static void validateRange(QueryRequest r) {
        requireNotNegative("startingVersion", r.startingVersion());
        if (r.endingVersion() != null && r.endingVersion() < r.startingVersion()) {
            throw LakeshareException.invalidParameter(
                    "endingVersion " + r.endingVersion() + " is before startingVersion " + r.startingVersion());
        }
        if (r.maxFiles() != null || r.pageToken() != null) {
            throw new LakeshareException(
                    ErrorCode.UNSUPPORTED_OPERATION,
                    "This server does not support paginated" + " startingVersion queries yet");
        }
    }

    private static void requireNotNegative(String parameter, Long value) {
        if (value != null && value < 0) {
            throw LakeshareException.invalidParameter(parameter + " must not be negative, got " + value);
        }
    }
}
