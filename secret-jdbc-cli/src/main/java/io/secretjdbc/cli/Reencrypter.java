package io.secretjdbc.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

import io.secretjdbc.crypto.Aead;
import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;

/**
 * rotate's work on one value, with the same answers as {@link KestraCodec#reencrypt} but cheaper on
 * the data rotate meets.
 *
 * <p>Why: the codec tries the primary key first, and on a table being rotated most values are under a
 * previous key, so each one paid a failed GCM tag check (the JDK builds an AEADBadTagException with a
 * stack trace, ~10 µs) before the key that opens it. Values under the same key come in long runs (a
 * fresh rotation: all previous; a resumed one: a prefix under the primary, the rest previous), so each
 * thread first tries the key that opened its last value. Both fresh and resumed runs then pay a failed
 * check only where a run of one key ends. The codec stays the authority for everything unusual:
 * plaintext, values no key opens, and the messages.
 */
final class Reencrypter {

    private final KestraCodec codec;
    /** The primary key first, then the previous keys in their configured order. */
    private final Aead[] keys;
    /** Per thread: the index in {@link #keys} of the key that opened the last value. */
    private final ThreadLocal<int[]> lastOpener = ThreadLocal.withInitial(() -> new int[1]);

    Reencrypter(KestraCodec codec) {
        this.codec = codec;
        List<Aead> previous = codec.keyring().previous();
        this.keys = new Aead[previous.size() + 1];
        keys[0] = codec.keyring().primary();
        for (int i = 0; i < previous.size(); i++) {
            keys[i + 1] = previous.get(i);
        }
    }

    /**
     * What {@link KestraCodec#reencrypt} decides, in two halves so that a caller can open many values
     * before sealing them: null when the primary key opens the value (nothing to do), its plaintext when
     * a previous key does.
     *
     * @param stored a non-empty stored value
     * @throws DecryptionException as {@link KestraCodec#reencrypt}: plaintext, or no key opens it
     */
    byte[] openUnderPrevious(String stored) throws DecryptionException {
        byte[] raw = KestraCodec.decodeCiphertext(stored);
        if (raw == null) {
            return byTheCodec(stored); // not ciphertext: the codec classifies it and throws why
        }
        int[] last = lastOpener.get();
        int first = last[0];
        int opener = first;
        byte[] plain = open(keys[first], raw);
        for (int k = 0; plain == null && k < keys.length; k++) {
            if (k != first) {
                opener = k;
                plain = open(keys[k], raw);
            }
        }
        if (plain == null) {
            return byTheCodec(stored); // no key opens it: the codec throws UNREADABLE
        }
        last[0] = opener;
        return opener == 0 ? null : plain;
    }

    /** The codec's answer, for the values this class does not handle itself (in practice it throws). */
    private byte[] byTheCodec(String stored) throws DecryptionException {
        String again = codec.reencrypt(stored);
        return again == stored ? null : codec.decrypt(stored).getBytes(StandardCharsets.UTF_8);
    }

    /** The plaintext encrypted under the primary key, as stored text. */
    String seal(byte[] plain) {
        return Base64.getEncoder().encodeToString(keys[0].encrypt(plain));
    }

    /** The plaintext, or null when the tag says the value is not under this key. */
    private static byte[] open(Aead key, byte[] raw) {
        try {
            return key.decrypt(raw);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
