package io.secretjdbc.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test oracle for blind indexes (reference §3.1), written from the SPEC with plain
 * {@code javax.crypto.Mac} and sharing no code with the product's {@code BlindIndexer}: RFC 5869
 * HKDF-SHA256 extract and expand by hand, then a truncated HMAC-SHA256, Base64 with padding.
 * Tests compute expected index values with it and look rows up in the raw database with them.
 */
public final class BlindIndexReference {

    private BlindIndexReference() {
    }

    /** RFC 5869 HKDF-SHA256: PRK = HMAC(salt, IKM); T(i) = HMAC(PRK, T(i-1) || info || i); first {@code length} bytes. */
    public static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            byte[] prk = hmac(salt.length == 0 ? new byte[32] : salt, ikm);
            ByteArrayOutputStream okm = new ByteArrayOutputStream();
            byte[] previous = new byte[0];
            for (int i = 1; okm.size() < length; i++) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                block.writeBytes(previous);
                block.writeBytes(info);
                block.write(i);
                previous = hmac(prk, block.toByteArray());
                okm.writeBytes(previous);
            }
            return Arrays.copyOf(okm.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing: " + e, e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** The index key of reference §3.1 for one Base64 key and a domain. */
    public static byte[] indexKey(String base64Key, String domain) {
        return hkdf(Base64.getDecoder().decode(base64Key), new byte[32],
                ("secret-jdbc blind index v1:" + domain).getBytes(StandardCharsets.UTF_8), 32);
    }

    /** The index value of an already normalized plaintext; null for null. */
    public static String index(String base64Key, String domain, String normalizedPlaintext) {
        if (normalizedPlaintext == null) {
            return null;
        }
        try {
            byte[] full = hmac(indexKey(base64Key, domain), normalizedPlaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing: " + e, e);
        }
    }

    /**
     * The index value after the named normalizations ({@code trim}, {@code lowercase}, {@code nfc}),
     * applied in the order given, as reference §3.1 describes them.
     */
    public static String index(String base64Key, String domain, String plaintext, String... normalizations) {
        if (plaintext == null) {
            return null;
        }
        String text = plaintext;
        for (String n : normalizations) {
            switch (n) {
                case "trim" -> text = text.strip();
                case "lowercase" -> text = text.toLowerCase(Locale.ROOT);
                case "nfc" -> text = Normalizer.normalize(text, Normalizer.Form.NFC);
                default -> throw new IllegalArgumentException("no normalization " + n);
            }
        }
        return index(base64Key, domain, text);
    }
}
