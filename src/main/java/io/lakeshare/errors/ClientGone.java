package io.lakeshare.errors;

import java.io.IOException;

/**
 * The client went away before its response was complete (it closed the connection, or the server
 * cut it at shutdown). Routine, not a server error: logged briefly, and counted as canceled (or,
 * when the server cut it, aborted) by {@code InFlightRequests}.
 */
public final class ClientGone extends IOException {

    public ClientGone(IOException cause) {
        super("The client went away before the response was complete", cause);
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClientGone) {
                return true;
            }
        }
        return false;
    }
}
