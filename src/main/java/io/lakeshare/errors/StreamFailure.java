package io.lakeshare.errors;

/**
 * A query's answer failed after its first line, and the client did not ask for an end-of-stream
 * line to learn of it there: the transfer must be cut, so that the client sees it incomplete. The
 * HTTP layer does that; an error body after a 200 would look like more lines.
 */
public final class StreamFailure extends RuntimeException {

    public StreamFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
