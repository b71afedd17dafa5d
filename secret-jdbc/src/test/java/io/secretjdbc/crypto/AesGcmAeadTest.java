package io.secretjdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class AesGcmAeadTest {

    private static byte[] key(int length, int seed) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (seed + i);
        }
        return key;
    }

    @Test
    void roundTripsAndLaysOutIvCiphertextTag() throws Exception {
        AesGcmAead aead = new AesGcmAead(key(32, 1));
        byte[] plain = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = aead.encrypt(plain);
        assertThat(sealed).hasSize(12 + plain.length + 16);
        assertThat(aead.decrypt(sealed)).isEqualTo(plain);
        assertThat(aead.decrypt(aead.encrypt(new byte[0]))).isEmpty();
    }

    @Test
    void tooShortInputThrowsAGeneralSecurityException() {
        AesGcmAead aead = new AesGcmAead(key(16, 1));
        assertThatThrownBy(() -> aead.decrypt(new byte[27])).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> aead.decrypt(new byte[0])).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> aead.decrypt(null)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherKeyFailsOnTheTagAndTheCipherStaysUsable() throws Exception {
        AesGcmAead a = new AesGcmAead(key(32, 1));
        AesGcmAead b = new AesGcmAead(key(32, 2));
        byte[] sealed = a.encrypt(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> b.decrypt(sealed)).isInstanceOf(AEADBadTagException.class);
        // the per-thread cipher is shared by both keys: it must work right after a failure
        assertThat(a.decrypt(sealed)).containsExactly(1, 2, 3);
        assertThat(b.decrypt(b.encrypt(new byte[] {4}))).containsExactly(4);
    }

    @Test
    void refusesKeysOfOtherLengths() {
        assertThatThrownBy(() -> new AesGcmAead(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesGcmAead(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AesGcmAead(key(24, 0)).keyLength()).isEqualTo(24);
    }

    @Test
    void everyEncryptionGetsItsOwnIvAcrossPoolRefillsAndThreads() throws Exception {
        AesGcmAead aead = new AesGcmAead(new byte[32]);
        java.util.Set<String> ivs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Runnable encryptMany = () -> {
            for (int i = 0; i < 5_000; i++) {
                byte[] out = aead.encrypt(new byte[] {1, 2, 3});
                ivs.add(java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(out, AesGcmAead.IV_LENGTH)));
            }
        };
        Thread other = new Thread(encryptMany);
        other.start();
        encryptMany.run();
        other.join();
        org.assertj.core.api.Assertions.assertThat(ivs).hasSize(10_000);
    }
}
