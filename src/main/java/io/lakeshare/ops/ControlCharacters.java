package io.lakeshare.ops;

/**
 * Characters that let a value written into a log line start a line of its own, or make the line
 * show something else than it holds: C0 and C1 controls (CR, LF, ESC, NEL U+0085...), the Unicode
 * line and paragraph separators (U+2028, U+2029), and the bidirectional overrides and isolates that
 * reorder what a terminal shows. Escaped as JSON escapes them ({@code \n}, {@code \r},
 * {@code \u2028}), so that an escaped JSON line stays the same JSON. A tab is left alone: it cannot
 * start a line.
 */
public final class ControlCharacters {

    private ControlCharacters() {}

    public static boolean needsEscape(int c) {
        return (c < 0x20 && c != '\t')
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x2028
                || c == 0x2029
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    public static boolean any(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text with each such character escaped; the same text when there is none. */
    public static String escape(String text) {
        if (!any(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
