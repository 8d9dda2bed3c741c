package io.lakeshare.errors;

/**
 * A client's value as an error message repeats it: at most {@value #MAX_CODE_POINTS} characters (or
 * a limit of the caller's), and controls shown as '?', so that an echo can neither flood a message
 * nor break a log line.
 */
public final class EchoedInput {

    static final int MAX_CODE_POINTS = 64;

    private EchoedInput() {}

    /** {@code value} fit to repeat in a message; empty for null. */
    public static String shown(String value) {
        return shown(value, MAX_CODE_POINTS);
    }

    /** As {@link #shown(String)}, cut at {@code maxCodePoints} characters. */
    public static String shown(String value, int maxCodePoints) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(maxCodePoints).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.codePointCount(0, value.length()) > maxCodePoints ? out + "..." : out.toString();
    }
}
