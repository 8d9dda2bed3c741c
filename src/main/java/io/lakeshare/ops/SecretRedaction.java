package io.lakeshare.ops;

import java.util.regex.Pattern;

/**
 * The last line of defence for "secrets never appear in logs": signatures, credentials, bearer
 * tokens, OAuth access tokens and Basic credentials are cut out of every log line and logged exception by {@link SafeLogLines}, with what
 * precedes them kept ({@code X-Amz-Signature=<redacted>}).
 */
final class SecretRedaction {

    private static final Pattern SECRETS =
            Pattern.compile("(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\\s\"']+"
                    + "|(Bearer\\s+)[^\\s\"',]+"
                    + "|(dapi|lsat|lsac)[0-9a-f]{16,}"
                    + "|(Basic\\s+)[A-Za-z0-9+/=]{8,}");

    private SecretRedaction() {}

    static boolean containsSecret(String text) {
        return SECRETS.matcher(text).find();
    }

    static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> {
            String kept = match.group(1) != null
                    ? match.group(1)
                    : match.group(2) != null
                            ? match.group(2)
                            : match.group(3) != null ? match.group(3) : match.group(4);
            return java.util.regex.Matcher.quoteReplacement(kept + "<redacted>");
        });
    }
}
