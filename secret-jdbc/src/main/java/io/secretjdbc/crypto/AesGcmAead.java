package io.secretjdbc.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in GCM mode, Kestra's layout: {@code IV(12) || ciphertext || tag(16)}, no associated data
 * (reference §3).
 *
 * <p>Hot path: {@code Cipher.getInstance} costs about twice a whole small encryption, and the JDK
 * redoes the AES key schedule whenever a cipher is initialised with another key than last time, so
 * each instance (one key) keeps one {@link Cipher} per thread and re-initialises it per value. IVs
 * come from a per-thread DRBG, drawn 64 at a time: one {@code nextBytes} costs about ten times the
 * slicing of a pooled IV.
 */
public final class AesGcmAead implements Aead {

    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final ThreadLocal<IvSource> IVS = ThreadLocal.withInitial(IvSource::new);

    private final SecretKey key;
    private final int keyLength;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcmAead::newCipher);

    /**
     * @param key 16, 24 or 32 raw key bytes (copied)
     * @throws IllegalArgumentException for any other length; {@link Keyring} checks lengths with a
     *                                  better message before it gets here
     */
    public AesGcmAead(byte[] key) {
        if (key == null || !isValidKeyLength(key.length)) {
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not "
                    + (key == null ? "none" : key.length));
        }
        this.key = new SecretKeySpec(key, "AES");
        this.keyLength = key.length;
    }

    /** Key length in bytes: 16, 24 or 32. */
    public int keyLength() {
        return keyLength;
    }

    public static boolean isValidKeyLength(int bytes) {
        return bytes == 16 || bytes == 24 || bytes == 32;
    }

    @Override
    public byte[] encrypt(byte[] plaintext) {
        byte[] out = new byte[IV_LENGTH + plaintext.length + TAG_LENGTH];
        // A fresh random IV per value: GCM with a repeated (key, IV) pair leaks the XOR of the
        // plaintexts and the authentication key.
        IVS.get().next(out);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 0, IV_LENGTH));
            int written = cipher.doFinal(plaintext, 0, plaintext.length, out, IV_LENGTH);
            if (written != plaintext.length + TAG_LENGTH) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected "
                        + (plaintext.length + TAG_LENGTH));
            }
            return out;
        } catch (GeneralSecurityException e) {
            // Key and parameters are checked at construction; this means a broken JCE provider.
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext) throws GeneralSecurityException {
        if (ciphertext == null || ciphertext.length < IV_LENGTH + TAG_LENGTH) {
            throw new GeneralSecurityException("AES-GCM input has "
                    + (ciphertext == null ? "no" : String.valueOf(ciphertext.length))
                    + " bytes; at least " + (IV_LENGTH + TAG_LENGTH) + " (IV and tag) are needed");
        }
        Cipher cipher = ciphers.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_LENGTH));
        int length = ciphertext.length - IV_LENGTH;
        byte[] out = new byte[length - TAG_LENGTH];
        try {
            int written = cipher.doFinal(ciphertext, IV_LENGTH, length, out, 0);
            return written == out.length ? out : Arrays.copyOf(out, written);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("AES-GCM output buffer too small", e);
        }
    }

    @Override
    public String toString() {
        return "AesGcmAead[key=<masked>, " + keyLength + " bytes]";
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this JVM", e);
        }
    }

    /** Random IVs for one thread: no locks, one DRBG call per 64 IVs. Each pooled IV is handed out once. */
    private static final class IvSource {
        private static final int POOLED = 64;

        private final SecureRandom random = newRandom();
        private final byte[] pool = new byte[IV_LENGTH * POOLED];
        private int next = pool.length;

        /** Writes a fresh IV into the first {@link #IV_LENGTH} bytes of {@code out}. */
        void next(byte[] out) {
            if (next == pool.length) {
                random.nextBytes(pool);
                next = 0;
            }
            System.arraycopy(pool, next, out, 0, IV_LENGTH);
            next += IV_LENGTH;
        }

        /**
         * An instance of the JDK's NIST SP 800-90A DRBG per thread: the platform default (NativePRNG on
         * Linux) serialises every nextBytes of every thread on one global lock, which a pool of
         * threads encrypting at once would queue on.
         */
        private static SecureRandom newRandom() {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        }
    }
}
