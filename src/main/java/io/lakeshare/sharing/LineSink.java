package io.lakeshare.sharing;

/**
 * Where a query's answer goes, line by line: one JSON object per line, in order. A line that
 * cannot be written fails with {@link java.io.UncheckedIOException}; when the client went away its
 * cause is {@link io.lakeshare.errors.ClientGone}.
 */
public interface LineSink {

    void line(Object line);
}
