package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The body of {@code POST .../query}; unknown fields are ignored, as the protocol asks. */
@JsonIgnoreProperties(ignoreUnknown = true)
record QueryRequest(List<String> predicateHints, String jsonPredicateHints, Long limitHint, Long version, String timestamp,
                    Long startingVersion, Long endingVersion, Integer maxFiles, String pageToken, Boolean includeRefreshToken,
                    String refreshToken) {

    static final QueryRequest EMPTY = new QueryRequest(null, null, null, null, null, null, null, null, null, null, null);
}
