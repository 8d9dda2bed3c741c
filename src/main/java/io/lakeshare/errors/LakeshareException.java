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

    public LakeshareException(ErrorCode errorCode, String message) {
        this(errorCode, errorCode.status(), message);
    }

    public LakeshareException(ErrorCode errorCode, int status, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
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
