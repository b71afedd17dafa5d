package io.secretjdbc.testing;

import io.secretjdbc.crypto.ValueState;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * One key's view of stored values through {@link KestraReference} (plain javax.crypto), with the
 * method names tests used on the product's codec, so that a test checks what a tool wrote without
 * asking the code under test. {@link ValueState} is only the vocabulary; no product code decides.
 */
public final class ReferenceCodec {

    private final String key;

    public ReferenceCodec(String base64Key) {
        this.key = base64Key;
    }

    /** A stored value of {@code plaintext}; null stays null and "" stays "" (reference §3). */
    public String encrypt(String plaintext) throws GeneralSecurityException {
        return plaintext == null || plaintext.isEmpty() ? plaintext : KestraReference.seal(key, plaintext);
    }

    /** The plaintext; null and "" as they are; throws when this key does not open the value. */
    public String decrypt(String stored) throws GeneralSecurityException {
        return stored == null || stored.isEmpty() ? stored : KestraReference.open(key, stored);
    }

    /** NULL_OR_EMPTY, PRIMARY (this key opens it), PLAINTEXT (not Base64 of 28+ bytes) or UNREADABLE. */
    public ValueState classify(String stored) {
        if (stored == null || stored.isEmpty()) {
            return ValueState.NULL_OR_EMPTY;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            return ValueState.PLAINTEXT;
        }
        if (raw.length < 28) {
            return ValueState.PLAINTEXT;
        }
        return KestraReference.opens(key, stored) ? ValueState.PRIMARY : ValueState.UNREADABLE;
    }
}
