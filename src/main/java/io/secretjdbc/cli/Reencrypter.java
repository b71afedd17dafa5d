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
        byte[] raw = decode(stored);
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

    /** Standard Base64 alphabet value per ASCII character, -1 for anything else. */
    private static final byte[] BASE64_VALUES = new byte[128];

    static {
        java.util.Arrays.fill(BASE64_VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64_VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    /**
     * The decoded bytes when the text is standard Base64 (padding optional) of at least an IV and a
     * tag; null otherwise, without an exception for plaintext. Validates and decodes in one pass, as
     * the codec does internally (its decoder is not public); the codec stays the judge of anything
     * this returns null for.
     */
    static byte[] decode(String text) {
        int n = text.length();
        int pad = 0;
        if (n > 0 && text.charAt(n - 1) == '=') {
            pad = (n > 1 && text.charAt(n - 2) == '=') ? 2 : 1;
        }
        int dataChars = n - pad;
        if (pad > 0 && n % 4 != 0 || dataChars % 4 == 1) {
            return null;
        }
        int outLength = (int) ((long) dataChars * 3 / 4);
        if (outLength < KestraCodec.MIN_CIPHERTEXT_BYTES) {
            return null;
        }
        byte[] out = new byte[outLength];
        int bits = 0;
        int bitCount = 0;
        int o = 0;
        for (int i = 0; i < dataChars; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? BASE64_VALUES[c] : -1;
            if (value < 0) {
                return null;
            }
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 8) {
                bitCount -= 8;
                out[o++] = (byte) (bits >> bitCount);
            }
        }
        return out;
    }
}
