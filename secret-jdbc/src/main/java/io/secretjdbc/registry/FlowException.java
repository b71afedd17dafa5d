package io.secretjdbc.registry;

/** A flow file that cannot be read; the message names the file and the line. */
public final class FlowException extends Exception {

    public FlowException(String message) {
        super(message);
    }

    public FlowException(String message, Throwable cause) {
        super(message, cause);
    }
}
