package io.lakeshare.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.function.UnaryOperator;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every line of every log handler (application.properties sets this filter on each kind) passes
 * through here before it is written, whoever logs it — our code, Quarkus, or a library:
 * <ul>
 * <li>signatures, credentials and bearer tokens are cut out ({@link SecretRedaction}): our own lines
 * never carry them, but a framework's may (Quarkus logs the URL of a request whose stream failed,
 * query string and signature included), and so may the text of an exception;</li>
 * <li>control characters and line separators are escaped ({@link ControlCharacters}): a path, a
 * parameter or a header value quoted in a line (a URL-encoded CR/LF, say) can never start a forged
 * line of its own, an audit line included.</li>
 * </ul>
 * Both apply to the message and to the text of a logged exception; its stack frames stay one per
 * line, as the formatter prints them.
 */
@LoggingFilter(name = "safe-log-lines")
public final class SafeLogLines implements Filter {

    private static final UnaryOperator<String> SANITIZE =
            text -> ControlCharacters.escape(SecretRedaction.redact(text));

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            if (message != null && needsSanitizing(message)) {
                ext.setMessage(SANITIZE.apply(message), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && RedactedThrowable.anyText(thrown, SafeLogLines::needsSanitizing)) {
            record.setThrown(RedactedThrowable.of(thrown, SANITIZE));
        }
        return true;
    }

    private static boolean needsSanitizing(String text) {
        return ControlCharacters.any(text) || SecretRedaction.containsSecret(text);
    }
}
