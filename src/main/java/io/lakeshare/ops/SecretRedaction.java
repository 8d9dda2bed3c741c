package io.lakeshare.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The last line of defence for "secrets never appear in logs": our own log lines never carry them,
 * but a framework's may (Quarkus logs the URL of a request whose stream failed, query string and
 * signature included), and so may the text of an exception logged with it. Every line of every
 * log handler (application.properties sets this filter on each) passes through here and loses
 * signatures, credentials and bearer tokens, in its message and in its exception, before it is
 * written.
 */
@LoggingFilter(name = "redact-secrets")
public final class SecretRedaction implements Filter {

    private static final Pattern SECRETS = Pattern.compile(
            "(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\\s\"']+"
                    + "|(Bearer\\s+)[^\\s\"',]+"
                    + "|(dapi)[0-9a-f]{16,}");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            if (message != null && containsSecret(message)) {
                ext.setMessage(redact(message), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && RedactedThrowable.anyText(thrown, SecretRedaction::containsSecret)) {
            record.setThrown(RedactedThrowable.of(thrown, SecretRedaction::redact));
        }
        return true;
    }

    static boolean containsSecret(String text) {
        return SECRETS.matcher(text).find();
    }

    static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> {
            String kept = match.group(1) != null ? match.group(1) : match.group(2) != null ? match.group(2) : match.group(3);
            return java.util.regex.Matcher.quoteReplacement(kept + "<redacted>");
        });
    }
}
