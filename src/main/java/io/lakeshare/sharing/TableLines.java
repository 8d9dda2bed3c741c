package io.lakeshare.sharing;

/**
 * A table query's answer before a byte of it is sent: what the response starts with (the table
 * version, the capabilities it is answered in, the file id scheme echoed, if asked for) and the
 * lines that follow, written when the body is. Whatever can be refused before the first line has
 * been refused by the time an answer exists.
 */
public record TableLines(long version, String capabilities, String fileIdScheme, Body body) {

    /** The lines of the answer, written to {@code lines} in order. */
    public interface Body {
        void writeTo(LineSink lines);
    }
}
