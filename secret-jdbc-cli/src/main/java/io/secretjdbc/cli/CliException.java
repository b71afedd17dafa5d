package io.secretjdbc.cli;

/**
 * A failure the user can act on: its message is printed as is, as one line, exit code 1. Messages
 * never hold a key or a secret value.
 */
final class CliException extends Exception {

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
