package io.lakeshare.ops;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What a log line shows in place of an exception whose text carried a secret (an S3 client's
 * message quoting a presigned URL, say) or a control character (a message quoting a request's
 * path): the same text with the secret cut out and the controls escaped, the same stack frames,
 * and its causes and suppressed exceptions copied the same way. The original cannot be
 * edited (its message is final), so the log record gets this copy; it is only ever printed, never
 * thrown or caught. Its text keeps the original's class name, as {@code %e} prints it.
 */
final class RedactedThrowable extends Throwable {

    private final String text;

    private RedactedThrowable(Throwable original, String text, String message, Throwable cause) {
        super(message, cause, true, true);
        this.text = text;
        setStackTrace(original.getStackTrace());
    }

    /** The copy of {@code original}'s chain (causes and suppressed) with every text passed through {@code redact}. */
    static Throwable of(Throwable original, UnaryOperator<String> redact) {
        return copy(original, redact, identitySet());
    }

    /** Whether the text of {@code thrown}, or of any of its causes or suppressed exceptions, matches. */
    static boolean anyText(Throwable thrown, Predicate<String> test) {
        return anyText(thrown, test, identitySet());
    }

    private static boolean anyText(Throwable thrown, Predicate<String> test, Set<Throwable> seen) {
        if (!seen.add(thrown)) {
            return false;
        }
        if (test.test(String.valueOf(thrown))) {
            return true;
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (anyText(suppressed, test, seen)) {
                return true;
            }
        }
        return thrown.getCause() != null && anyText(thrown.getCause(), test, seen);
    }

    private static Throwable copy(Throwable original, UnaryOperator<String> redact, Set<Throwable> seen) {
        seen.add(original);
        // A chain that loops back on itself (it happens) ends at the repeat, as printStackTrace's does.
        Throwable cause = original.getCause() == null || seen.contains(original.getCause())
                ? null
                : copy(original.getCause(), redact, seen);
        String message = original.getMessage() == null ? null : redact.apply(original.getMessage());
        RedactedThrowable copy =
                new RedactedThrowable(original, redact.apply(String.valueOf(original)), message, cause);
        for (Throwable suppressed : original.getSuppressed()) {
            if (!seen.contains(suppressed)) {
                copy.addSuppressed(copy(suppressed, redact, seen));
            }
        }
        return copy;
    }

    private static Set<Throwable> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** The original's frames are set instead; walking this thread's stack would be wasted. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return text;
    }
}
