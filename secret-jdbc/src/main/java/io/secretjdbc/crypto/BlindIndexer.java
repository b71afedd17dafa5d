package io.secretjdbc.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The blind index of one secret column (reference §3.1): a keyed hash of the plaintext that lets the
 * database decide equality without decrypting.
 *
 * <p>Contract, fixed by the SPEC and checked against an independent HMAC in the tests:
 * <ul>
 * <li>Per configured key K, in {@link Keyring} order (key 0 = the primary, then each previous key),
 *     the index key is HKDF-SHA256 (RFC 5869) with IKM = the raw bytes of K, salt = 32 zero bytes,
 *     info = UTF-8 of {@code "secret-jdbc blind index v1:" + domain}, L = 32.</li>
 * <li>The index value is standard Base64 with padding (24 characters) of the first 16 bytes of
 *     HMAC-SHA256(index key, UTF-8 of the normalized plaintext).</li>
 * <li>Normalization is the configured list of {@link Normalization}s applied in order; none by default.</li>
 * <li>NULL gives NULL; the empty string gives the index of the empty string (it is not NULL).</li>
 * </ul>
 *
 * <p>Writes use {@link #index(String)} (primary key); lookups match {@link #index(String, int)} for
 * every key {@code 0 .. keyCount()-1}, so a rotation never breaks a lookup. Index keys are derived
 * once per (key, domain) and kept by the keyring; the per-value path does no derivation and no
 * {@code Mac} allocation (one {@code Mac} per key and thread). Thread-safe.
 */
public final class BlindIndexer {

    /** The HKDF info prefix of reference §3.1; the domain follows it. */
    public static final String INFO_PREFIX = "secret-jdbc blind index v1:";
    /** Characters of an index value: Base64 of 16 bytes. */
    public static final int INDEX_LENGTH = 24;

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    /** The normalizations of reference §3.1, by the lower-case names a configuration uses. */
    public enum Normalization {
        /** {@link String#strip()}: leading and trailing white space as {@link Character#isWhitespace} says. */
        TRIM,
        /** {@link String#toLowerCase(Locale)} with {@link Locale#ROOT}. */
        LOWERCASE,
        /** Unicode NFC ({@link Normalizer.Form#NFC}). */
        NFC;

        /** The name a configuration uses: {@code trim}, {@code lowercase}, {@code nfc}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The normalization a configuration names (exact lower-case name), or null when there is none. */
        public static Normalization ofConfigName(String name) {
            for (Normalization n : values()) {
                if (n.configName().equals(name)) {
                    return n;
                }
            }
            return null;
        }

        String apply(String text) {
            switch (this) {
                case TRIM:
                    return text.strip();
                case LOWERCASE:
                    return text.toLowerCase(Locale.ROOT);
                default:
                    return Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
    }

    private final String domain;
    private final Normalization[] normalizations;
    private final SecretKeySpec[] keys;
    /** One Mac per key, per thread, each initialised once: {@code Mac.init} per value would redo the key pads. */
    private final ThreadLocal<Mac[]> macs;
    private final ThreadLocal<byte[]> digests = ThreadLocal.withInitial(() -> new byte[HASH_LENGTH]);

    private BlindIndexer(String domain, Normalization[] normalizations, SecretKeySpec[] keys) {
        this.domain = domain;
        this.normalizations = normalizations;
        this.keys = keys;
        this.macs = ThreadLocal.withInitial(() -> new Mac[keys.length]);
    }

    /**
     * @param keyring        the configured keys
     * @param domain         the column's domain (reference §3.1: {@code table.column} in lower case by default)
     * @param normalizations applied in order before hashing; empty for none
     */
    public static BlindIndexer of(Keyring keyring, String domain, List<Normalization> normalizations) {
        if (keyring == null || domain == null || normalizations == null) {
            throw new IllegalArgumentException("a blind index needs a keyring, a domain and a normalization list");
        }
        return new BlindIndexer(domain, normalizations.toArray(new Normalization[0]), keyring.indexKeys(domain));
    }

    /** HKDF-SHA256 of reference §3.1 for one raw key; {@link Keyring} calls it once per (key, domain). */
    static SecretKeySpec deriveIndexKey(byte[] rawKey, String domain) {
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(new byte[HASH_LENGTH], HMAC));
            byte[] prk = extract.doFinal(rawKey);
            // L = 32 = HashLen, so expand is the single block T(1) = HMAC(PRK, info || 0x01).
            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(prk, HMAC));
            expand.update((INFO_PREFIX + domain).getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return new SecretKeySpec(expand.doFinal(), HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The domain whose keys this indexer uses. */
    public String domain() {
        return domain;
    }

    /** The primary key and every previous key: how many index values a lookup matches. */
    public int keyCount() {
        return keys.length;
    }

    /** The plaintext as it is hashed: the normalizations applied in order; null stays null. */
    public String normalize(String plaintext) {
        String text = plaintext;
        if (text != null) {
            for (Normalization n : normalizations) {
                text = n.apply(text);
            }
        }
        return text;
    }

    /** The index value under the primary key, what writes store; null for null. */
    public String index(String plaintext) {
        return index(plaintext, 0);
    }

    /**
     * The index value under key {@code key} (0 = primary, then previous keys in order); null for null.
     *
     * @throws IndexOutOfBoundsException for a key number outside {@code 0 .. keyCount()-1}
     * @throws MalformedTextException when the normalized text holds a lone UTF-16 surrogate
     */
    public String index(String plaintext, int key) {
        if (plaintext == null) {
            return null;
        }
        Mac mac = mac(key);
        byte[] digest = digests.get();
        String normalized = normalize(plaintext);
        // A lone surrogate would be hashed as '?', so two different strings would share an index.
        KestraCodec.requireWellFormed(normalized);
        try {
            mac.update(normalized.getBytes(StandardCharsets.UTF_8));
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HmacSHA256 wrote more than 32 bytes", e);
        }
        return base64Of16(digest);
    }

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** Standard Base64 of {@code bytes[0..16)} with its {@code ==} padding, straight into the one String made. */
    private static String base64Of16(byte[] bytes) {
        char[] out = new char[INDEX_LENGTH];
        int o = 0;
        for (int i = 0; i < 15; i += 3) {
            int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | bytes[i + 2] & 0xff;
            out[o++] = ALPHABET[v >>> 18];
            out[o++] = ALPHABET[v >>> 12 & 63];
            out[o++] = ALPHABET[v >>> 6 & 63];
            out[o++] = ALPHABET[v & 63];
        }
        int last = bytes[15] & 0xff;
        out[o++] = ALPHABET[last >>> 2];
        out[o++] = ALPHABET[(last & 3) << 4];
        out[o++] = '=';
        out[o] = '=';
        return new String(out);
    }

    private Mac mac(int key) {
        Mac[] perThread = macs.get();
        Mac mac = perThread[key];
        if (mac == null) {
            try {
                mac = Mac.getInstance(HMAC);
                mac.init(keys[key]);
            } catch (InvalidKeyException | java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
            perThread[key] = mac;
        }
        return mac;
    }

    @Override
    public String toString() {
        return "BlindIndexer[domain=" + domain + ", keys=" + keys.length + " <masked>, normalize="
                + List.of(normalizations) + "]";
    }
}
