package io.secretjdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.testing.KestraReference;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 class 10 (crypto part): never change a value silently, never encrypt under a key anyone can
 * guess. Checked against plain javax.crypto ({@link KestraReference}).
 */
class CryptoEdgeCasesTest {

    private static final String CHECK_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] filled(int length, int value) {
        byte[] key = new byte[length];
        java.util.Arrays.fill(key, (byte) value);
        return key;
    }

    private static byte[] counting(int length, int start, int step) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (start + i * step);
        }
        return key;
    }

    private static byte[] pattern(int length, String letters) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) letters.charAt(i % letters.length());
        }
        return key;
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void anAllZeroKeyIsRefusedWithoutEchoingIt(int length) {
        String zero = base64(new byte[length]);
        assertThatThrownBy(() -> Keyring.fromBase64(zero, "secret.key", List.of()))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("secret.key is a key whose " + length + " bytes are all equal")
                .hasMessageContaining("keygen")
                .hasMessageNotContaining(zero)
                .hasMessageNotContaining("target/");
    }

    @Test
    void otherGuessableKeysAreRefused() {
        for (byte[] key : List.of(filled(32, 0xff), filled(16, 'a'), counting(32, 0, 1), counting(16, 0x41, 1),
                counting(24, 0xff, -1), counting(32, 7, 3), pattern(32, "ab"), pattern(32, "secret"),
                pattern(16, "1234567"))) {
            assertThatThrownBy(() -> Keyring.fromBase64(base64(key)))
                    .as("key %s", base64(key))
                    .isInstanceOf(KeyException.class)
                    .hasMessageContaining("which anyone can guess");
        }
    }

    @Test
    void randomKeysAndTypedTextKeysAreAccepted() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 3_000; i++) {
            byte[] key = new byte[new int[] {16, 24, 32}[i % 3]];
            random.nextBytes(key);
            Keyring.fromBase64(base64(key)); // throws if refused
        }
        // reference §3's check key is ASCII text, as Kestra's documented keys are
        assertThat(new KestraCodec(Keyring.fromBase64(CHECK_KEY)).decrypt(
                "AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==")).isEqualTo("Hello World!");
    }

    @Test
    void aGuessableKeyStillDecryptsAsAPreviousKeySoThatRotateCanLeaveIt() throws Exception {
        String zero = base64(new byte[32]);
        String old = KestraReference.seal(zero, "written under the placeholder key");
        KestraCodec codec = new KestraCodec(Keyring.fromBase64(CHECK_KEY, List.of(zero)));
        assertThat(codec.classify(old)).isEqualTo(ValueState.PREVIOUS);
        String rotated = codec.reencrypt(old);
        assertThat(KestraReference.open(CHECK_KEY, rotated)).isEqualTo("written under the placeholder key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800b", "\uDC00", "end\uD83D", "\uDE00\uD83D", "x\uD83D\uD83Dy"})
    void aLoneSurrogateIsRefusedNotStoredAsAQuestionMark(String text) throws Exception {
        KestraCodec codec = new KestraCodec(Keyring.fromBase64(CHECK_KEY));
        assertThatThrownBy(() -> codec.encrypt(text))
                .isInstanceOf(MalformedTextException.class)
                .hasMessageContaining("lone UTF-16 surrogate")
                .hasMessageNotContaining(text);
    }

    @Test
    void surrogatePairsAndOtherTextRoundTripExactly() throws Exception {
        KestraCodec codec = new KestraCodec(Keyring.fromBase64(CHECK_KEY));
        for (String text : List.of("\uD83D\uDE00", "pa\uD83D\uDD11ss", "\u00e9t\u00e9 \u4e2d\u6587", "?", "\u0000")) {
            String stored = codec.encrypt(text);
            assertThat(KestraReference.open(CHECK_KEY, stored)).isEqualTo(text);
        }
    }

    @Test
    void openSaysWhichKeyOpenedAValueWhateverKeyItTriesFirst() throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String older = base64(random);
        KestraCodec codec = new KestraCodec(Keyring.fromBase64(CHECK_KEY, List.of(older)));
        String underPrevious = KestraReference.seal(older, "rotate me");
        String underPrimary = KestraReference.seal(CHECK_KEY, "leave me");
        for (int first = -1; first <= 2; first++) {
            KestraCodec.Opened a = codec.open(underPrevious, first);
            assertThat(a.keyIndex()).isEqualTo(1);
            assertThat(new String(a.plaintext(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("rotate me");
            assertThat(a.toString()).doesNotContain("rotate me");
            assertThat(codec.open(underPrimary, first).underPrimary()).isTrue();
        }
        assertThat(KestraReference.open(CHECK_KEY, codec.seal("x".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo("x");
        final int any = 0;
        assertThatThrownBy(() -> codec.open("plaintext", any)).isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).state()).isEqualTo(ValueState.PLAINTEXT));
        String foreign = KestraReference.seal(base64(new byte[16]), "no configured key");
        assertThatThrownBy(() -> codec.open(foreign, any)).isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).state()).isEqualTo(ValueState.UNREADABLE));
    }
}
