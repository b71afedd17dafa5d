package io.secretjdbc.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with one key, in the manner of Tink's {@code Aead}: the only place in
 * secret-jdbc that touches {@code javax.crypto.Cipher} sits behind this interface.
 *
 * <p>Contract: {@link #encrypt} uses a fresh random nonce on every call, so equal plaintexts give
 * different ciphertexts; {@link #decrypt} either returns exactly the bytes that were encrypted under
 * this key or throws. Implementations are thread-safe.
 */
public interface Aead {

    /** Returns {@code IV || ciphertext || tag}. */
    byte[] encrypt(byte[] plaintext);

    /**
     * Opens {@code IV || ciphertext || tag}.
     *
     * @throws GeneralSecurityException if the value was not made under this key or was altered
     *                                  ({@link javax.crypto.AEADBadTagException}) or is too short
     */
    byte[] decrypt(byte[] ciphertext) throws GeneralSecurityException;
}
