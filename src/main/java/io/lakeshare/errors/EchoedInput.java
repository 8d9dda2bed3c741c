package io.lakeshare.errors;

/**
 * A client's value as an error message repeats it: at most {@value #MAX_CODE_POINTS} characters, and
 * controls shown as '?', so that an echo can neither flood a message nor break a log line.
 */
public final class EchoedInput {

    static final int MAX_CODE_POINTS = 64;

    private EchoedInput() {}

    /** {@code value} fit to repeat in a message; empty for null. */
    public static String shown(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints()
                .limit(MAX_CODE_POINTS)
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.codePointCount(0, value.length()) > MAX_CODE_POINTS ? out + "..." : out.toString();
    }
}
