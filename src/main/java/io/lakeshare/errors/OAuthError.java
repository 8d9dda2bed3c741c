package io.lakeshare.errors;

/**
 * A refusal at the OAuth2 token endpoint, in RFC 6749's terms (section 5.2): its {@code error} code
 * and status, and a description for the client's developer. Answered as
 * {@code {"error": ..., "error_description": ...}}, the body OAuth clients parse.
 */
public class OAuthError extends RuntimeException {

    /** The codes of RFC 6749 section 5.2 this server uses. */
    public enum Code {
        INVALID_REQUEST(400),
        INVALID_CLIENT(401),
        UNSUPPORTED_GRANT_TYPE(400),
        INVALID_SCOPE(400);

        private final int status;

        Code(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** As the RFC spells it. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Code code;
    private final boolean basicChallenge;

    public OAuthError(Code code, String description) {
        this(code, description, false);
    }

    private OAuthError(Code code, String description, boolean basicChallenge) {
        super(description, null, false, false);
        this.code = code;
        this.basicChallenge = basicChallenge;
    }

    public Code code() {
        return code;
    }

    /** The same refusal of a client that authenticated with HTTP Basic: its answer carries the challenge. */
    public OAuthError withBasicChallenge() {
        return new OAuthError(code, getMessage(), true);
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(Code.INVALID_REQUEST, description);
    }

    public static OAuthError invalidClient(String description) {
        return new OAuthError(Code.INVALID_CLIENT, description);
    }
}
