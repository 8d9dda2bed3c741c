package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST .../query}; unknown fields are ignored, as the protocol asks. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record QueryRequest(List<String> predicateHints, String jsonPredicateHints, Long limitHint, Long version, String timestamp,
                    Long startingVersion, Long endingVersion, Integer maxFiles, String pageToken, Boolean includeRefreshToken,
                    String refreshToken, Boolean includeHistoricalProtocol, String idempotencyKey,
                    // Spark sends the key in snake case.
                    @JsonProperty("idempotency_key") String idempotencyKeySnake) {

    static final QueryRequest EMPTY = new QueryRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    String idempotency() {
        return idempotencyKey != null ? idempotencyKey : idempotencyKeySnake;
    }

    /** This query, paged as a poll of an asynchronous query asks. */
    QueryRequest withPage(Integer maxFiles, String pageToken) {
        return new QueryRequest(predicateHints, jsonPredicateHints, limitHint, version, timestamp, startingVersion, endingVersion,
                maxFiles, pageToken, includeRefreshToken, refreshToken, includeHistoricalProtocol, idempotencyKey, idempotencyKeySnake);
    }
}
