package io.lakeshare.ops;

import java.util.regex.Pattern;

/**
 * The last line of defence for "secrets never appear in logs": signatures, credentials (vended
 * temporary credentials too), bearer tokens, OAuth access tokens, JWTs, activation codes and Basic
 * credentials are cut out of every log line and logged exception by {@link SafeLogLines}, with what
 * precedes them kept ({@code X-Amz-Signature=<redacted>}).
 */
final class SecretRedaction {

    /** Names of temporary-credential fields whose values are secret (vended credentials, STS answers). */
    private static final String CREDENTIAL_FIELDS =
            "(?:secretAccessKey|sessionToken|secret_access_key|session_token|aws_secret_access_key|aws_session_token"
                    + "|accessKeyId|access_key_id|aws_access_key_id)";

    /** Each alternative keeps what precedes the secret in its one group. */
    private static final Pattern SECRETS =
            Pattern.compile("(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\\s\"']+"
                    + "|(Bearer\\s+)[^\\s\"',]+"
                    + "|(dapi|lsat|lsac)[0-9a-f]{16,}"
                    // JWTs (OIDC federation): a base64url JSON header, payload and signature.
                    + "|(eyJ)[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
                    + "|(Basic\\s+)[A-Za-z0-9+/=]{8,}"
                    // JSON: "secretAccessKey": "...", also as Python and other clients log their dicts.
                    + "|([\"']" + CREDENTIAL_FIELDS + "[\"']\\s*:\\s*[\"'])[^\"']+"
                    // STS's XML answers: <SecretAccessKey>...</SecretAccessKey>.
                    + "|(<(?:SecretAccessKey|SessionToken|AccessKeyId)>)[^<]+"
                    // key=value, as in environment dumps and toString()s.
                    + "|(\\b" + CREDENTIAL_FIELDS + "=)[^&\\s\"',)\\]]+");

    private SecretRedaction() {}

    static boolean containsSecret(String text) {
        return SECRETS.matcher(text).find();
    }

    static String redact(String text) {
        return SECRETS.matcher(text).replaceAll(match -> {
            String kept = "";
            for (int g = 1; g <= match.groupCount(); g++) {
                if (match.group(g) != null) {
                    kept = match.group(g);
                    break;
                }
            }
            return java.util.regex.Matcher.quoteReplacement(kept + "<redacted>");
        });
    }
}
