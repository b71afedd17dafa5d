package io.secretjdbc.crypto;

import java.util.List;

/** The primary key, which encrypts and decrypts, and previous keys, which only decrypt (SPEC §3, §5). */
public final class Keyring {

    /**
     * @param primary  Base64 key text (SPEC §3)
     * @param previous Base64 keys that still decrypt, tried in order after the primary
     * @throws KeyException when a key is not Base64 or not 16, 24 or 32 bytes; the message names which
     *                      key ({@code secret.key}, {@code secret.previous-keys[2]}, ...) and never echoes it
     */
    public static Keyring fromBase64(String primary, List<String> previous) throws KeyException {
        throw new UnsupportedOperationException("TODO");
    }
}
