package io.secretjdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyringTest {

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static KeyException keyFailure(String key, String name) {
        try {
            Keyring.fromBase64(key, name, List.of());
        } catch (KeyException e) {
            assertThat(e.getMessage()).as("message must not echo the key").doesNotContain(key);
            if (key.strip().length() > 4) {
                assertThat(e.getMessage()).doesNotContain(key.strip());
            }
            assertThat(e.getMessage()).startsWith(name);
            return e;
        }
        throw new AssertionError("accepted a bad key");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void acceptsAesKeyLengths(int bytes) throws Exception {
        // random bytes: an all-zero key is refused as guessable (CryptoEdgeCasesTest)
        byte[] key = new byte[bytes];
        new java.security.SecureRandom().nextBytes(key);
        Keyring keyring = Keyring.fromBase64(base64(key), List.of());
        assertThat(keyring.primary()).isNotNull();
        assertThat(keyring.previous()).isEmpty();
    }

    @Test
    void notBase64SaysSoAndHowToMakeAKey() {
        KeyException e = keyFailure("this is not a key!", "secret.key");
        assertThat(e.getMessage()).contains("not valid Base64").contains("keygen").doesNotContain("target/");
    }

    @Test
    void urlSafeBase64IsNamed() {
        String urlSafe = Base64.getUrlEncoder().encodeToString(new byte[] {
                -5, -1, -2, 1, 2, 3, -5, -1, -2, 1, 2, 3, -5, -1, -2, 1, 2, 3, -5, -1, -2, 1, 2, 3, -5, -1, -2, 1, 2, 3, 0, 0});
        assertThat(urlSafe).containsAnyOf("-", "_");
        assertThat(keyFailure(urlSafe, "kestra.encryption.secret-key").getMessage()).contains("URL-safe");
    }

    @Test
    void surroundingWhitespaceIsNamed() {
        String key = base64(new byte[32]) + "\n";
        assertThat(keyFailure(key, "KESTRA_ENCRYPTION_SECRET_KEY").getMessage()).contains("whitespace");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 31, 33, 64})
    void wrongLengthGivesTheLengthAndTheAllowedOnes(int bytes) {
        byte[] key = new byte[bytes];
        java.util.Arrays.fill(key, (byte) 'k');
        KeyException e = keyFailure(base64(key), "secret.key");
        assertThat(e.getMessage())
                .contains("decodes to " + bytes + " bytes; AES-GCM needs 16, 24 or 32 (32 recommended)")
                .contains("keygen");
    }

    @Test
    void thirtyThreeBytesEndingInANewlineAreNamedAsEchoWithoutN() {
        // `echo "5daP79LDVcd208RHx_yf3n2i4Noos96v" | base64`
        String key = base64("5daP79LDVcd208RHx_yf3n2i4Noos96v\n".getBytes(StandardCharsets.US_ASCII));
        KeyException e = keyFailure(key, "--key");
        assertThat(e.getMessage()).contains("33 bytes").contains("newline").contains("echo -n").contains("printf");
    }

    @Test
    void emptyAndMissingKeysAreNamed() {
        assertThatThrownBy(() -> Keyring.fromBase64("", List.of())).isInstanceOf(KeyException.class)
                .hasMessageContaining("secret.key is empty");
        assertThatThrownBy(() -> Keyring.fromBase64(null, "--key", List.of())).isInstanceOf(KeyException.class)
                .hasMessageContaining("--key is not set");
    }

    @Test
    void aBadPreviousKeyIsNamedByItsIndex() {
        String good = KestraCodecTest.CHECK_KEY;
        String bad = base64(new byte[20]);
        assertThatThrownBy(() -> Keyring.fromBase64(good, List.of(good, bad)))
                .isInstanceOf(KeyException.class)
                .hasMessageStartingWith("secret.previous-keys[1] decodes to 20 bytes")
                .message().doesNotContain(bad);
        assertThatThrownBy(() -> Keyring.fromBase64(good, "kestra.encryption.secret-key", List.of("!"),
                "secret-jdbc.previous-keys"))
                .hasMessageStartingWith("secret-jdbc.previous-keys[0] is not valid Base64");
    }

    @Test
    void previousKeysKeepTheirOrder() throws Exception {
        String a = base64(new byte[16]);
        byte[] bBytes = new byte[32];
        bBytes[0] = 1;
        String b = base64(bBytes);
        Keyring keyring = Keyring.fromBase64(KestraCodecTest.CHECK_KEY, List.of(a, b));
        assertThat(keyring.previous()).hasSize(2);
        assertThat(((AesGcmAead) keyring.previous().get(0)).keyLength()).isEqualTo(16);
        assertThat(((AesGcmAead) keyring.previous().get(1)).keyLength()).isEqualTo(32);
        assertThat(keyring.toString()).doesNotContain(KestraCodecTest.CHECK_KEY).doesNotContain(a).doesNotContain(b);
    }

    @Test
    void newKeysAreRandom32ByteKeys() throws Exception {
        String a = Keyring.newBase64Key();
        assertThat(Base64.getDecoder().decode(a)).hasSize(32);
        assertThat(a).isNotEqualTo(Keyring.newBase64Key());
        Keyring.fromBase64(a);
    }
}
