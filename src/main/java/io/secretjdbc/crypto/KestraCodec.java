package io.secretjdbc.crypto;

/**
 * The text format of SPEC §3, Kestra compatible: standard Base64 of {@code IV || ciphertext || tag},
 * AES-GCM, plaintext as UTF-8. Encrypts under the keyring's primary key; decrypts with the primary
 * key, then each previous key. NULL and the empty string pass through untouched. Thread-safe.
 */
public final class KestraCodec {

    public KestraCodec(Keyring keyring) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Ciphertext text for a plaintext; null stays null and "" stays "". */
    public String encrypt(String plaintext) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The plaintext of a stored value; null stays null and "" stays "".
     *
     * @throws DecryptionException when the value is not ciphertext at all, or no key opens it; the
     *                             message never holds the value
     */
    public String decrypt(String stored) throws DecryptionException {
        throw new UnsupportedOperationException("TODO");
    }

    /** What a stored value is, for {@code scan}, {@code migrate} and {@code rotate}. */
    public ValueState classify(String stored) {
        throw new UnsupportedOperationException("TODO");
    }
}
