package io.lakeshare.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The last line of defence for "secrets never appear in logs": our own log lines never carry them,
 * but a framework's may (Quarkus logs the URL of a request whose stream failed, query string and
 * signature included). Every console line passes through here and loses signatures, credentials
 * and bearer tokens before it is written.
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
            if (message != null && SECRETS.matcher(message).find()) {
                ext.setMessage(redact(message), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }

    static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> {
            String kept = match.group(1) != null ? match.group(1) : match.group(2) != null ? match.group(2) : match.group(3);
            return java.util.regex.Matcher.quoteReplacement(kept + "<redacted>");
        });
    }
}
