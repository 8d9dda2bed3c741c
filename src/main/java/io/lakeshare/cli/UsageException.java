package io.lakeshare.cli;

/** The command line itself is wrong. */
class UsageException extends CliException {
    UsageException(String message) {
        super(message);
    }
}
