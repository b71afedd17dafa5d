package io.secretjdbc.bench;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The raw side's crypto: what an application would write by hand with plain javax.crypto, in the
 * ciphertext format of SPEC §3 (AES/GCM/NoPadding, fresh random 12-byte IV, Base64 of IV||ct||tag).
 * One Cipher is kept and re-initialised per value, the cheapest honest baseline. Not thread-safe:
 * one instance per benchmark thread.
 */
final class JavaxGcm {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final SecureRandom random = new SecureRandom();

    JavaxGcm(String base64Key) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", e);
        }
    }

    String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
            byte[] stored = new byte[IV_BYTES + cipher.getOutputSize(input.length)];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            cipher.doFinal(input, 0, input.length, stored, IV_BYTES);
            return Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    String decrypt(String storedValue) {
        byte[] stored = Base64.getDecoder().decode(storedValue);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }
}
