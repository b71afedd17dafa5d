package io.secretjdbc.crypto;

import io.secretjdbc.testing.KestraReference;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The codec's byte path (reference §6 "Typed values", bytes): raw bytes are the GCM plaintext in §3's
 * format, checked both ways against plain javax.crypto ({@link KestraReference}).
 */
class KestraCodecBytesTest {

    private static final String KEY = KestraCodecTest.CHECK_KEY;

    @Test
    void randomBytesIncludingInvalidUtf8RoundTripAndOpenWithJavaxCrypto() throws Exception {
        KestraCodec codec = KestraCodecTest.codec(KEY);
        Random random = new Random(7);
        for (int length : new int[] {1, 2, 15, 16, 17, 255, 4096}) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0xFF; // never valid UTF-8
            String stored = codec.encryptBytes(bytes);
            assertThat(KestraReference.openBytes(KEY, stored)).as("length %d", length).isEqualTo(bytes);
            assertThat(codec.decryptBytes(stored)).isEqualTo(bytes);
            assertThat(codec.decryptBytes(KestraReference.sealBytes(KEY, bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void bytesAndTextShareTheFormat() throws Exception {
        KestraCodec codec = KestraCodecTest.codec(KEY);
        byte[] utf8 = "héllo ✓".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decrypt(codec.encryptBytes(utf8))).isEqualTo("héllo ✓");
        assertThat(codec.decryptBytes(codec.encrypt("héllo ✓"))).isEqualTo(utf8);
        assertThat(codec.decryptBytes(KestraCodecTest.CHECK_VALUE))
                .isEqualTo("Hello World!".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void nullAndEmptyPassThroughAsTheEmptyStringDoes() throws Exception {
        KestraCodec codec = KestraCodecTest.codec(KEY);
        assertThat(codec.encryptBytes(null)).isNull();
        assertThat(codec.encryptBytes(new byte[0])).isEmpty();
        assertThat(codec.decryptBytes(null)).isNull();
        assertThat(codec.decryptBytes("")).isEmpty();
    }

    @Test
    void previousKeysOpenBytesAndAWrongKeyOrPlaintextFails() throws Exception {
        String old = KestraCodecTest.randomKey(32);
        KestraCodec codec = KestraCodecTest.codec(KestraCodecTest.randomKey(32), old);
        byte[] bytes = {0, (byte) 0x80, (byte) 0xC3, 0x28};
        assertThat(codec.decryptBytes(KestraReference.sealBytes(old, bytes))).isEqualTo(bytes);
        assertThatThrownBy(() -> codec.decryptBytes(KestraReference.sealBytes(KestraCodecTest.randomKey(32), bytes)))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.state()).isEqualTo(ValueState.UNREADABLE));
        assertThatThrownBy(() -> codec.decryptBytes("not ciphertext at all"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.state()).isEqualTo(ValueState.PLAINTEXT));
    }
}
