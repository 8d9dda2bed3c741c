package io.lakeshare;

import io.lakeshare.errors.LakeshareException;
import java.util.function.Supplier;

/**
 * What a fuzz target (*FuzzTest) allows a parser a recipient reaches: a value, or the protocol's 400
 * as a {@link LakeshareException}. Any other throwable escapes to the fuzzer and counts as a crash.
 */
public final class FuzzOutcomes {

    private FuzzOutcomes() {}

    /** The parser's value, or null when it refused the input with a 400. */
    public static <T> T valueOrBadRequest(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (LakeshareException e) {
            if (e.status() != 400) {
                throw new AssertionError("refused with " + e.status() + " instead of 400: " + e.getMessage(), e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refused with a 400 that says nothing", e);
            }
            return null;
        }
    }
}
