package io.lakeshare.cli;

/** A failure to report as one line and a non-zero exit. */
class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
