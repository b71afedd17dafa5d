package io.secretjdbc.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/** The primary key, which encrypts and decrypts, and previous keys, which only decrypt (reference §3, §5). */
public final class Keyring {

    /** The property that names the primary key when the caller does not say where it came from. */
    public static final String DEFAULT_PRIMARY_NAME = "secret.key";
    /** Previous keys are named {@code secret.previous-keys[i]} unless the caller says otherwise. */
    public static final String DEFAULT_PREVIOUS_NAME = "secret.previous-keys";

    /** Where a good key comes from; no build path (the library does not know where the tool lives). */
    static final String KEYGEN_HINT = "make one with the secret-jdbc command line's keygen command"
            + " (or `openssl rand -base64 32`)";

    /** Fewer distinct byte values than this in a primary key means it was typed or patterned, not drawn. */
    static final int MIN_DISTINCT_KEY_BYTES = 8;

    private final Aead primary;
    private final List<Aead> previous;
    private final int primaryKeyLength;
    /** Raw key bytes, primary first then previous keys in order: the HKDF input of blind indexes (§3.1). */
    private final List<byte[]> rawKeys;
    /** Blind index keys per domain, one per raw key in the same order; derived once (reference §3.1). */
    private final ConcurrentHashMap<String, SecretKeySpec[]> indexKeys = new ConcurrentHashMap<>();

    private Keyring(AesGcmAead primary, List<Aead> previous, List<byte[]> rawKeys) {
        this.primary = primary;
        this.previous = Collections.unmodifiableList(previous);
        this.primaryKeyLength = primary.keyLength();
        this.rawKeys = List.copyOf(rawKeys);
    }

    /**
     * @param primary  Base64 key text (reference §3)
     * @param previous Base64 keys that still decrypt, tried in order after the primary
     * @throws KeyException when a key is not Base64 or not 16, 24 or 32 bytes; the message names which
     *                      key ({@code secret.key}, {@code secret.previous-keys[2]}, ...) and never echoes it
     */
    public static Keyring fromBase64(String primary, List<String> previous) throws KeyException {
        return fromBase64(primary, DEFAULT_PRIMARY_NAME, previous, DEFAULT_PREVIOUS_NAME);
    }

    /**
     * As {@link #fromBase64(String, List)}, with the name of the setting the primary key came from
     * ({@code secret.key}, {@code kestra.encryption.secret-key}, {@code KESTRA_ENCRYPTION_SECRET_KEY},
     * {@code --key}, ...) so that messages name it.
     */
    public static Keyring fromBase64(String primary, String primaryName, List<String> previous) throws KeyException {
        return fromBase64(primary, primaryName, previous, DEFAULT_PREVIOUS_NAME);
    }

    /**
     * As {@link #fromBase64(String, String, List)}; previous key {@code i} is named
     * {@code previousName[i]} in messages.
     */
    public static Keyring fromBase64(String primary, String primaryName, List<String> previous, String previousName)
            throws KeyException {
        if (primary == null) {
            throw new KeyException(primaryName + " is not set; " + KEYGEN_HINT);
        }
        byte[] primaryKey = decodeKey(primary, primaryName);
        String degenerate = degenerate(primaryKey);
        if (degenerate != null) {
            // Only the key that encrypts: a previous key must stay usable to rotate away from it.
            throw new KeyException(primaryName + " is " + degenerate + ", which anyone can guess: every value"
                    + " encrypted under it is readable by them; " + KEYGEN_HINT
                    + ", and keep this one in secret.previous-keys only until rotate has re-encrypted its values");
        }
        AesGcmAead primaryAead = new AesGcmAead(primaryKey);
        List<Aead> previousAeads = new ArrayList<>();
        List<byte[]> rawKeys = new ArrayList<>();
        rawKeys.add(primaryKey);
        if (previous != null) {
            for (int i = 0; i < previous.size(); i++) {
                byte[] raw = decodeKey(previous.get(i), previousName + "[" + i + "]");
                previousAeads.add(new AesGcmAead(raw));
                rawKeys.add(raw);
            }
        }
        return new Keyring(primaryAead, previousAeads, rawKeys);
    }

    /** A keyring over one key that encrypts and decrypts, with no previous keys. */
    public static Keyring fromBase64(String primary) throws KeyException {
        return fromBase64(primary, DEFAULT_PRIMARY_NAME, List.of(), DEFAULT_PREVIOUS_NAME);
    }

    /**
     * Decodes and checks one Base64 key text.
     *
     * @param name the setting it came from, for the message; the key itself is never in a message
     * @return 16, 24 or 32 raw key bytes
     */
    public static byte[] decodeKey(String base64, String name) throws KeyException {
        if (base64 == null || base64.isEmpty()) {
            throw new KeyException(name + " is empty; " + KEYGEN_HINT);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes a character of the key: it is deliberately dropped.
            throw new KeyException(name + " is not valid Base64" + whyNotBase64(base64)
                    + "; it must be a standard Base64 (RFC 4648, with '=' padding) encoding of 32 random bytes; "
                    + KEYGEN_HINT);
        }
        if (AesGcmAead.isValidKeyLength(key.length)) {
            return key;
        }
        int n = key.length;
        if (n > 0 && key[n - 1] == '\n' && AesGcmAead.isValidKeyLength(n - 1)) {
            throw new KeyException(name + " decodes to " + n + " bytes ending in a newline: it was probably made"
                    + " with `echo` instead of `echo -n` (or `printf`); AES-GCM needs 16, 24 or 32 bytes"
                    + " (32 recommended); encode it again without the newline, or " + KEYGEN_HINT);
        }
        throw new KeyException(name + " decodes to " + n + " bytes; AES-GCM needs 16, 24 or 32 (32 recommended); "
                + KEYGEN_HINT);
    }

    /**
     * Why a key is not a random one, or null: all bytes equal (the all-zero key of a placeholder), a
     * counting sequence ({@code 00 01 02 ...}), or fewer than {@link #MIN_DISTINCT_KEY_BYTES}
     * distinct byte values ({@code abababab...}). A random 16-byte key has fewer than 8 distinct
     * bytes with a probability around 10^-12; typed text keys (Kestra's examples) have many more.
     */
    static String degenerate(byte[] key) {
        boolean counting = key.length > 1;
        int step = key.length > 1 ? (key[1] - key[0]) & 0xff : 0;
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 0; i < key.length; i++) {
            if (i > 0 && ((key[i] - key[i - 1]) & 0xff) != step) {
                counting = false;
            }
            if (!seen[key[i] & 0xff]) {
                seen[key[i] & 0xff] = true;
                distinct++;
            }
        }
        if (distinct == 1) {
            return "a key whose " + key.length + " bytes are all equal";
        }
        if (counting) {
            return "a key whose bytes count up or down by a fixed step";
        }
        if (distinct < MIN_DISTINCT_KEY_BYTES) {
            return "a key of only " + distinct + " distinct byte values";
        }
        return null;
    }

    /** A hint at the usual causes, never quoting the key. */
    private static String whyNotBase64(String text) {
        if (!text.equals(text.strip())) {
            return " (it starts or ends with whitespace or a line break)";
        }
        if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
            return " (it holds '-' or '_', which belong to URL-safe Base64, not standard Base64)";
        }
        return "";
    }

    /** A new random 32-byte key as standard Base64, what {@code keygen} prints. */
    public static String newBase64Key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Encrypts and decrypts. */
    public Aead primary() {
        return primary;
    }

    /** Only decrypt, tried in order after the primary. */
    public List<Aead> previous() {
        return previous;
    }

    /** How many keys there are: the primary and every previous key. A lookup matches under each (reference §3.1). */
    public int keyCount() {
        return rawKeys.size();
    }

    /**
     * The blind index keys of a domain, index 0 under the primary key, then one per previous key;
     * derived on the first call per domain and kept (HKDF costs two HMACs and a key schedule).
     */
    SecretKeySpec[] indexKeys(String domain) {
        return indexKeys.computeIfAbsent(domain, d -> {
            SecretKeySpec[] keys = new SecretKeySpec[rawKeys.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = BlindIndexer.deriveIndexKey(rawKeys.get(i), d);
            }
            return keys;
        });
    }

    @Override
    public String toString() {
        return "Keyring[primary=<masked>, " + primaryKeyLength + " bytes, previous=" + previous.size() + "]";
    }
}
