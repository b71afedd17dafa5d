package io.secretjdbc.crypto;

/** What a stored value of a secret column is, as {@code scan} counts it (reference §8). */
public enum ValueState {
    /** SQL NULL or the empty string: never encrypted (reference §3). */
    NULL_OR_EMPTY,
    /** Ciphertext that the primary key opens. */
    PRIMARY,
    /** Ciphertext that a previous key opens: {@code rotate} re-encrypts it. */
    PREVIOUS,
    /** Not in the ciphertext format at all: {@code migrate} encrypts it. */
    PLAINTEXT,
    /** In the ciphertext format but no configured key opens it (wrong key, altered bytes). */
    UNREADABLE
}
