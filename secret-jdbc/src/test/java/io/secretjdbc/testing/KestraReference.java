package io.secretjdbc.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test oracle for Kestra's format (reference §3), written with plain javax.crypto and sharing no code
 * with the product's codec: standard Base64 of {@code IV(12) || ciphertext || tag(16)}, AES-GCM, no
 * associated data, plaintext as UTF-8. Tests seal values with it and open what the product stored.
 */
public final class KestraReference {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KestraReference() {
    }

    /** The plaintext of a stored value under a Base64 key; throws when the key does not open it. */
    public static String open(String base64Key, String stored) throws GeneralSecurityException {
        return new String(openBytes(base64Key, stored), StandardCharsets.UTF_8);
    }

    /** The raw plaintext bytes of a stored value (a secret written as bytes, not UTF-8 text). */
    public static byte[] openBytes(String base64Key, String stored) throws GeneralSecurityException {
        byte[] raw = Base64.getDecoder().decode(stored);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key(base64Key), new GCMParameterSpec(128, raw, 0, 12));
        return cipher.doFinal(raw, 12, raw.length - 12);
    }

    /** A stored value of raw plaintext bytes under a Base64 key, with a random IV. */
    public static String sealBytes(String base64Key, byte[] plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        return sealRaw(base64Key, plaintext, iv);
    }

    /** True when the value is Base64 ciphertext that this key opens. */
    public static boolean opens(String base64Key, String stored) {
        try {
            open(base64Key, stored);
            return true;
        } catch (AEADBadTagException | IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("javax.crypto refused the parameters: " + e, e);
        }
    }

    /** A stored value of {@code plaintext} under a Base64 key, with a random IV. */
    public static String seal(String base64Key, String plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        return seal(base64Key, plaintext, iv);
    }

    /** As {@link #seal(String, String)} with a given IV, for check values (reference §3). */
    public static String seal(String base64Key, String plaintext, byte[] iv) throws GeneralSecurityException {
        return sealRaw(base64Key, plaintext.getBytes(StandardCharsets.UTF_8), iv);
    }

    private static String sealRaw(String base64Key, byte[] plaintext, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key(base64Key), new GCMParameterSpec(128, iv));
        byte[] body = cipher.doFinal(plaintext);
        byte[] out = new byte[iv.length + body.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(body, 0, out, iv.length, body.length);
        return Base64.getEncoder().encodeToString(out);
    }

    private static SecretKeySpec key(String base64Key) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES");
    }
}
