package io.lakeshare.errors;

import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749's error body: {@code {"error": "invalid_client", "error_description": "..."}}. */
public record OAuthErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {}
