package io.lakeshare.sharing;

import static io.lakeshare.FuzzOutcomes.valueOrBadRequest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * Fuzzes the other text a recipient sends that the server parses itself: the
 * {@code delta-sharing-capabilities} header (never refused: malformed pairs are ignored) and the
 * timestamps of queries and changes queries ({@code timestamp}, {@code startingTimestamp},
 * {@code endingTimestamp}: an instant, or the protocol's 400). In {@code ./mvnw test} this replays
 * the inputs in RecipientHeadersFuzzTestInputs; {@code ./dev fuzz} fuzzes it.
 */
class RecipientHeadersFuzzTest {

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    @DictionaryEntries({
        "responseformat=",
        "readerfeatures=",
        "includeendstreamaction=true",
        "asyncquery=true",
        "delta",
        "parquet",
        "deletionvectors",
        "columnmapping",
        ";",
        ","
    })
    void capabilitiesHeader(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        Capabilities capabilities = Capabilities.parse(header);
        if (capabilities.responseFormats().isEmpty()) {
            throw new AssertionError("no response format for " + header);
        }
        capabilities.accepts(ResponseFormats.DELTA);
        ResponseOptions.of(header, null);
    }

    /**
     * A timestamp the server accepts is one every table reader can look a version up by (they take
     * epoch milliseconds); any other is the protocol's 400. Both entry points: {@code timestamp} of
     * a query and the range of a changes query.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    @DictionaryEntries({"T", "Z", "+", "-", ":", ".", " ", "+18:00", "-999999999", "+999999999", "[UTC]"})
    void timestamps(FuzzedDataProvider data) {
        String starting = data.consumeBoolean() ? data.consumeString(64) : null;
        String ending = data.consumeBoolean() ? data.consumeString(64) : null;
        String text = data.consumeRemainingAsString();
        Instant instant = valueOrBadRequest(() -> Timestamps.parse("timestamp", text));
        if (instant != null) {
            instant.toEpochMilli();
        }
        ChangesRequest changes = valueOrBadRequest(() ->
                ChangesRequest.parse(null, starting == null ? text : starting, null, ending, null, null, null, null));
        if (changes != null) {
            changes.startingTimestamp().toEpochMilli();
            if (changes.endingTimestamp() != null) {
                changes.endingTimestamp().toEpochMilli();
            }
        }
    }
}
