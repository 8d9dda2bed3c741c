package io.lakeshare.errors;

/**
 * The one exception hierarchy of the server. Each failure a caller should see carries its Delta
 * Sharing error code and HTTP status; {@link ErrorMapper} renders it as
 * {@code {"errorCode": ..., "message": ...}}. Messages are shown to callers: never put secrets in
 * them.
 */
public class LakeshareException extends RuntimeException {

    private final int status;
    private final ErrorCode errorCode;
    private final long retryAfterSeconds;

    public LakeshareException(ErrorCode errorCode, String message) {
        this(errorCode, errorCode.status(), message);
    }

    public LakeshareException(ErrorCode errorCode, int status, String message) {
        this(errorCode, status, message, 0);
    }

    private LakeshareException(ErrorCode errorCode, int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the caller should wait before trying again ({@code Retry-After}), or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static LakeshareException rateLimited(String message, long retryAfterSeconds) {
        return new LakeshareException(ErrorCode.RESOURCE_EXHAUSTED, 429, message, Math.max(1, retryAfterSeconds));
    }

    /** A 503: the server cannot take the request now, through no fault of the caller. */
    public static LakeshareException unavailable(String message, long retryAfterSeconds) {
        return new LakeshareException(ErrorCode.TEMPORARILY_UNAVAILABLE, 503, message, Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static LakeshareException notFound(String message) {
        return new LakeshareException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
    }

    public static LakeshareException invalidParameter(String message) {
        return new LakeshareException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    public static LakeshareException malformed(String message) {
        return new LakeshareException(ErrorCode.MALFORMED_REQUEST, message);
    }

    public static LakeshareException unauthenticated(String message) {
        return new LakeshareException(ErrorCode.UNAUTHENTICATED, message);
    }

    public static LakeshareException alreadyExists(String message) {
        return new LakeshareException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
    }
}
