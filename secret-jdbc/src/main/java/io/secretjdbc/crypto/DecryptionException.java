package io.secretjdbc.crypto;

/** A stored value that cannot be decrypted. Its message never holds the value or a key. */
public final class DecryptionException extends Exception {

    private final ValueState state;

    public DecryptionException(ValueState state, String message) {
        super(message);
        this.state = state;
    }

    /** {@link ValueState#PLAINTEXT} (not ciphertext at all) or {@link ValueState#UNREADABLE} (no key opens it). */
    public ValueState state() {
        return state;
    }
}
