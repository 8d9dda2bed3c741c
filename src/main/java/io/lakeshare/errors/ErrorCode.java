package io.lakeshare.errors;

/** Error codes of the Delta Sharing protocol (plus the admin API's conflict), with their status. */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    MALFORMED_REQUEST(400),
    UNSUPPORTED_OPERATION(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    RESOURCE_DOES_NOT_EXIST(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    RESOURCE_ALREADY_EXISTS(409),
    UNSUPPORTED_MEDIA_TYPE(415),
    RESOURCE_EXHAUSTED(429),
    INTERNAL_ERROR(500),
    TEMPORARILY_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The one code answered with {@code status}; {@code otherwise} where there is none, or several (400). */
    public static ErrorCode of(int status, ErrorCode otherwise) {
        ErrorCode found = null;
        for (ErrorCode code : values()) {
            if (code.status == status) {
                if (found != null) {
                    return otherwise;
                }
                found = code;
            }
        }
        return found == null ? otherwise : found;
    }
}
