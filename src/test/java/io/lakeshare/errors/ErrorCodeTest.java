package io.lakeshare.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A status the HTTP layer answers with gets the protocol's code for it, when the protocol has exactly one. */
class ErrorCodeTest {

    @Test
    void aStatusWithOneCodeGetsIt() {
        assertEquals(ErrorCode.UNAUTHENTICATED, ErrorCode.of(401, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.PERMISSION_DENIED, ErrorCode.of(403, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.RESOURCE_DOES_NOT_EXIST, ErrorCode.of(404, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.of(405, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.NOT_ACCEPTABLE, ErrorCode.of(406, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.RESOURCE_ALREADY_EXISTS, ErrorCode.of(409, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.of(415, ErrorCode.MALFORMED_REQUEST));
        assertEquals(ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.of(429, ErrorCode.MALFORMED_REQUEST));
    }

    @Test
    void aStatusWithNoneOrSeveralGetsTheFallback() {
        for (int status : new int[] {400, 413, 414, 416, 431}) {
            assertEquals(ErrorCode.MALFORMED_REQUEST, ErrorCode.of(status, ErrorCode.MALFORMED_REQUEST), "" + status);
        }
    }
}
