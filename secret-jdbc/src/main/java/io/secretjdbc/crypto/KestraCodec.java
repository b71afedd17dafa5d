package io.secretjdbc.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * The text format of reference §3, Kestra compatible: standard Base64 of {@code IV || ciphertext || tag},
 * AES-GCM, plaintext as UTF-8 (or raw bytes, {@link #encryptBytes}). Encrypts under the keyring's primary key; decrypts with the primary
 * key, then each previous key. NULL and the empty string pass through untouched. Thread-safe.
 *
 * <p>A stored value that is not standard Base64, or decodes to fewer bytes than an IV and a tag, is
 * {@link ValueState#PLAINTEXT}; the Base64 check is done by hand so that plaintext found during a
 * scan or a migration costs no exception.
 */
public final class KestraCodec {

    /** The shortest decoded ciphertext: IV and tag around an empty plaintext. */
    public static final int MIN_CIPHERTEXT_BYTES = AesGcmAead.IV_LENGTH + AesGcmAead.TAG_LENGTH;

    private static final String NOT_CIPHERTEXT = "the stored value is not ciphertext"
            + " (not Base64 of IV, ciphertext and tag)";
    private static final String NO_KEY_OPENS = "no configured key decrypts the stored value"
            + " (a wrong or missing key, or altered bytes)";

    private final Keyring keyring;
    private final Aead primary;
    private final Aead[] previous;

    public KestraCodec(Keyring keyring) {
        if (keyring == null) {
            throw new NullPointerException("keyring");
        }
        this.keyring = keyring;
        this.primary = keyring.primary();
        List<Aead> prev = keyring.previous();
        this.previous = prev.toArray(new Aead[0]);
    }

    public Keyring keyring() {
        return keyring;
    }

    /**
     * Ciphertext text for a plaintext; null stays null and "" stays "".
     *
     * @throws MalformedTextException when the text holds a lone UTF-16 surrogate, which UTF-8 cannot
     *                                encode: the JDK's encoder would store {@code ?} in its place and
     *                                the value read back would not be the value written
     */
    public String encrypt(String plaintext) {
        if (plaintext == null || plaintext.isEmpty()) {
            return plaintext;
        }
        requireWellFormed(plaintext);
        return Base64.getEncoder().encodeToString(primary.encrypt(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Ciphertext text for raw plaintext bytes (reference §6 "Typed values": {@code setBytes} encrypts the
     * bytes themselves): the same format as {@link #encrypt(String)}, with the bytes, not a UTF-8
     * encoding, as the GCM plaintext, so Kestra (and {@link #decryptBytes}) opens them unchanged. null
     * stays null and an empty array is stored as "", as the empty string is.
     */
    public String encryptBytes(byte[] plaintext) {
        if (plaintext == null) {
            return null;
        }
        return plaintext.length == 0 ? "" : seal(plaintext);
    }

    /**
     * Fails for a lone surrogate. One pass over the chars, no allocation: cheaper than a strict
     * {@code CharsetEncoder}, which would allocate buffers on every value of the hot path.
     */
    public static void requireWellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new MalformedTextException(i);
                }
            }
        }
    }

    /**
     * The plaintext of a stored value; null stays null and "" stays "".
     *
     * @throws DecryptionException when the value is not ciphertext at all, or no key opens it; the
     *                             message never holds the value
     */
    public String decrypt(String stored) throws DecryptionException {
        if (stored == null || stored.isEmpty()) {
            return stored;
        }
        byte[] raw = decodeCiphertext(stored);
        if (raw == null) {
            throw new DecryptionException(ValueState.PLAINTEXT, NOT_CIPHERTEXT);
        }
        byte[] plain = open(primary, raw);
        for (int i = 0; plain == null && i < previous.length; i++) {
            plain = open(previous[i], raw);
        }
        if (plain == null) {
            throw new DecryptionException(ValueState.UNREADABLE, NO_KEY_OPENS);
        }
        return new String(plain, StandardCharsets.UTF_8);
    }

    /**
     * The plaintext bytes of a stored value, as they were sealed (no UTF-8 decoding, so bytes that are
     * not UTF-8 come back unchanged); null stays null and "" is an empty array.
     *
     * @throws DecryptionException as {@link #decrypt}
     */
    public byte[] decryptBytes(String stored) throws DecryptionException {
        if (stored == null) {
            return null;
        }
        return stored.isEmpty() ? new byte[0] : open(stored, PRIMARY).plaintext();
    }

    /** What a stored value is, for {@code scan}, {@code migrate} and {@code rotate}. */
    public ValueState classify(String stored) {
        if (stored == null || stored.isEmpty()) {
            return ValueState.NULL_OR_EMPTY;
        }
        byte[] raw = decodeCiphertext(stored);
        if (raw == null) {
            return ValueState.PLAINTEXT;
        }
        if (open(primary, raw) != null) {
            return ValueState.PRIMARY;
        }
        for (Aead key : previous) {
            if (open(key, raw) != null) {
                return ValueState.PREVIOUS;
            }
        }
        return ValueState.UNREADABLE;
    }

    /** True when the primary key opens the stored value (nothing for {@code rotate} to do). */
    public boolean decryptsUnderPrimary(String stored) {
        if (stored == null || stored.isEmpty()) {
            return false;
        }
        byte[] raw = decodeCiphertext(stored);
        return raw != null && open(primary, raw) != null;
    }

    /**
     * For {@code rotate}: the value re-encrypted under the primary key when a previous key opens it;
     * the same instance when the primary key already opens it, or it is null or empty.
     *
     * @throws DecryptionException when the value is plaintext or no key opens it
     */
    public String reencrypt(String stored) throws DecryptionException {
        if (stored == null || stored.isEmpty()) {
            return stored;
        }
        Opened opened = open(stored, PRIMARY);
        return opened.underPrimary() ? stored : seal(opened.plaintext());
    }

    /** The key index of the primary key in {@link #open} and {@link Opened#keyIndex()}. */
    public static final int PRIMARY = 0;

    /**
     * A stored value opened: its plaintext as UTF-8 bytes (the caller may zero them) and which key
     * opened it: {@link #PRIMARY}, or {@code i + 1} for {@code keyring().previous().get(i)}.
     */
    public record Opened(byte[] plaintext, int keyIndex) {
        public boolean underPrimary() {
            return keyIndex == PRIMARY;
        }

        /** Never the plaintext. */
        @Override
        public String toString() {
            return "Opened[key " + keyIndex + ", " + plaintext.length + " bytes]";
        }
    }

    /**
     * The one operation that opens a stored value and says which key opened it (the format of reference §3
     * lives here only; tools use this rather than decoding values themselves).
     *
     * @param stored   a non-empty stored value
     * @param firstTry the key index to try first, e.g. the one that opened the previous value: values
     *                 under one key come in runs, and every failed GCM tag check costs an exception
     * @throws DecryptionException {@link ValueState#PLAINTEXT} when it is not ciphertext,
     *                             {@link ValueState#UNREADABLE} when no key opens it
     */
    public Opened open(String stored, int firstTry) throws DecryptionException {
        byte[] raw = stored == null ? null : decodeCiphertext(stored);
        if (raw == null) {
            throw new DecryptionException(ValueState.PLAINTEXT, NOT_CIPHERTEXT);
        }
        int keys = previous.length + 1;
        int first = firstTry >= 0 && firstTry < keys ? firstTry : PRIMARY;
        byte[] plain = open(key(first), raw);
        if (plain != null) {
            return new Opened(plain, first);
        }
        for (int k = 0; k < keys; k++) {
            if (k != first) {
                plain = open(key(k), raw);
                if (plain != null) {
                    return new Opened(plain, k);
                }
            }
        }
        throw new DecryptionException(ValueState.UNREADABLE, NO_KEY_OPENS);
    }

    /** Plaintext bytes encrypted under the primary key, as stored text (rotate's second half). */
    public String seal(byte[] plaintext) {
        return Base64.getEncoder().encodeToString(primary.encrypt(plaintext));
    }

    private Aead key(int index) {
        return index == PRIMARY ? primary : previous[index - 1];
    }

    /** The plaintext under this key, or null when the tag says it is not this key's value. */
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
     * The decoded bytes when {@code text} is standard Base64 (padding optional, as the JDK decoder
     * accepts) of at least {@link #MIN_CIPHERTEXT_BYTES} bytes; otherwise null. Validates and decodes
     * in one pass, on the read path of every secret value, so that plaintext costs no exception and
     * ciphertext is walked once (a check followed by the JDK decoder walked it twice). Public for the
     * command line's bulk re-encryption, which opens values itself to keep keys in order.
     */
    public static byte[] decodeCiphertext(String text) {
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
        if (outLength < MIN_CIPHERTEXT_BYTES) {
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
        // Leftover bits of the last group are ignored, as the JDK decoder ignores them.
        return out;
    }

    @Override
    public String toString() {
        return "KestraCodec[" + keyring + "]";
    }
}
