package io.lakeshare.sharing;

import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;

/**
 * Where a query's answer goes, line by line: one JSON object per line, in order. A line that
 * cannot be written fails with {@link java.io.UncheckedIOException}; when the client went away its
 * cause is {@link io.lakeshare.errors.ClientGone}.
 */
public interface LineSink {

    void line(Object line);

    /**
     * A line already rendered: {@code length} bytes of compact UTF-8 JSON from {@code offset}, without
     * its newline. Sinks that write bytes copy it as it is.
     */
    default void rendered(byte[] json, int offset, int length) {
        line(new RawValue(new String(json, offset, length, StandardCharsets.UTF_8)));
    }

    /**
     * Lines already rendered, each followed by its newline: {@code length} bytes from {@code offset}.
     * Sinks that write bytes copy them as they are.
     */
    default void renderedLines(byte[] lines, int offset, int length) {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (lines[i] == '\n') {
                rendered(lines, start, i - start);
                start = i + 1;
            }
        }
    }

    /**
     * Sends what was written so far, before a wait (for the lines another answer is rendering): the
     * client sees the answer begin, and the connection is not idle meanwhile. Sinks that hold
     * nothing back do nothing.
     */
    default void flush() {}
}
