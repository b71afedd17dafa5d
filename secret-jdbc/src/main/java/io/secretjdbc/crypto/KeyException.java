package io.secretjdbc.crypto;

/** A key that cannot be used. The message says why and what to do; it never holds the key. */
public final class KeyException extends Exception {

    public KeyException(String message) {
        super(message);
    }
}
