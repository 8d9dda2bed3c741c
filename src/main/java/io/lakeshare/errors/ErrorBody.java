package io.lakeshare.errors;

/** The protocol's error body: {@code {"errorCode": "...", "message": "..."}}. */
public record ErrorBody(String errorCode, String message) {}
