package io.secretjdbc.crypto;

import io.secretjdbc.testing.KestraReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KestraCodecTest {

    static final String CHECK_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String CHECK_VALUE = "AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==";

    private static final SecureRandom RANDOM = new SecureRandom();

    static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static KestraCodec codec(String key, String... previous) throws KeyException {
        return new KestraCodec(Keyring.fromBase64(key, List.of(previous)));
    }

    /** Kestra's format with plain javax.crypto, independent of the project's code. */
    static String referenceEncrypt(String base64Key, byte[] iv, String plaintext) throws Exception {
        return KestraReference.seal(base64Key, plaintext, iv);
    }

    static String referenceDecrypt(String base64Key, String stored) throws Exception {
        return KestraReference.open(base64Key, stored);
    }

    static byte[] checkIv() {
        byte[] iv = new byte[12];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) i;
        }
        return iv;
    }

    @Test
    void decryptsTheSpecCheckValue() throws Exception {
        KestraCodec codec = codec(CHECK_KEY);
        assertThat(codec.decrypt(CHECK_VALUE)).isEqualTo("Hello World!");
        assertThat(codec.classify(CHECK_VALUE)).isEqualTo(ValueState.PRIMARY);
        assertThat(codec.decryptsUnderPrimary(CHECK_VALUE)).isTrue();
    }

    @Test
    void plainJavaxCryptoReproducesTheSpecCheckValue() throws Exception {
        assertThat(referenceEncrypt(CHECK_KEY, checkIv(), "Hello World!")).isEqualTo(CHECK_VALUE);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32})
    void ourCiphertextOpensWithPlainJavaxCryptoAndTheOtherWayRound(int keyBytes) throws Exception {
        String key = randomKey(keyBytes);
        KestraCodec codec = codec(key);
        String plaintext = "s3cr3t value ✓";

        String ours = codec.encrypt(plaintext);
        assertThat(referenceDecrypt(key, ours)).isEqualTo(plaintext);
        byte[] raw = Base64.getDecoder().decode(ours);
        assertThat(raw).hasSize(12 + plaintext.getBytes(StandardCharsets.UTF_8).length + 16);

        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        String theirs = referenceEncrypt(key, iv, plaintext);
        assertThat(codec.decrypt(theirs)).isEqualTo(plaintext);
    }

    @Test
    void encryptedTextIsStandardBase64WithPadding() throws Exception {
        KestraCodec codec = codec(randomKey(32));
        for (int length = 1; length < 40; length++) {
            String stored = codec.encrypt("x".repeat(length));
            assertThat(stored).matches("[A-Za-z0-9+/]*={0,2}").hasSize(4 * ((12 + length + 16 + 2) / 3));
        }
    }

    @Test
    void twoEncryptionsOfOneValueDiffer() throws Exception {
        KestraCodec codec = codec(CHECK_KEY);
        String a = codec.encrypt("same");
        String b = codec.encrypt("same");
        assertThat(a).isNotEqualTo(b);
        assertThat(java.util.Arrays.copyOf(Base64.getDecoder().decode(a), 12))
                .isNotEqualTo(java.util.Arrays.copyOf(Base64.getDecoder().decode(b), 12));
        assertThat(codec.decrypt(a)).isEqualTo("same");
        assertThat(codec.decrypt(b)).isEqualTo("same");
    }

    @Test
    void previousKeysDecryptButNeverEncrypt() throws Exception {
        String oldKey = randomKey(32);
        String olderKey = randomKey(16);
        String newKey = randomKey(32);
        String underOld = codec(oldKey).encrypt("rotated");
        String underOlder = codec(olderKey).encrypt("older");

        KestraCodec rotated = codec(newKey, oldKey, olderKey);
        assertThat(rotated.decrypt(underOld)).isEqualTo("rotated");
        assertThat(rotated.decrypt(underOlder)).isEqualTo("older");
        assertThat(rotated.classify(underOld)).isEqualTo(ValueState.PREVIOUS);
        assertThat(rotated.decryptsUnderPrimary(underOld)).isFalse();

        String fresh = rotated.encrypt("fresh");
        assertThat(referenceDecrypt(newKey, fresh)).isEqualTo("fresh");
        assertThatThrownBy(() -> referenceDecrypt(oldKey, fresh)).isInstanceOf(javax.crypto.AEADBadTagException.class);
        assertThat(rotated.classify(fresh)).isEqualTo(ValueState.PRIMARY);
    }

    @Test
    void reencryptMovesPreviousKeyValuesToThePrimary() throws Exception {
        String oldKey = randomKey(32);
        String newKey = randomKey(32);
        KestraCodec rotated = codec(newKey, oldKey);
        String underOld = codec(oldKey).encrypt("v");
        String moved = rotated.reencrypt(underOld);
        assertThat(referenceDecrypt(newKey, moved)).isEqualTo("v");
        String underNew = rotated.encrypt("w");
        assertThat(rotated.reencrypt(underNew)).isSameAs(underNew);
        assertThat(rotated.reencrypt(null)).isNull();
        assertThatThrownBy(() -> rotated.reencrypt("plain"))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.state()).isEqualTo(ValueState.PLAINTEXT));
    }

    @Test
    void anAlteredByteIsUnreadable() throws Exception {
        KestraCodec codec = codec(CHECK_KEY);
        byte[] raw = Base64.getDecoder().decode(codec.encrypt("do not touch"));
        for (int i : new int[] {0, 11, 12, raw.length - 17, raw.length - 1}) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String stored = Base64.getEncoder().encodeToString(altered);
            assertThat(codec.classify(stored)).as("byte %d", i).isEqualTo(ValueState.UNREADABLE);
            assertThatThrownBy(() -> codec.decrypt(stored))
                    .isInstanceOfSatisfying(DecryptionException.class, e -> {
                        assertThat(e.state()).isEqualTo(ValueState.UNREADABLE);
                        assertThat(e.getMessage()).doesNotContain(stored).doesNotContain("do not touch");
                    });
        }
    }

    @Test
    void aValueUnderAnotherKeyIsUnreadable() throws Exception {
        String stored = codec(randomKey(32)).encrypt("elsewhere");
        assertThat(codec(CHECK_KEY).classify(stored)).isEqualTo(ValueState.UNREADABLE);
    }

    @Test
    void textThatIsNotCiphertextIsPlaintext() throws Exception {
        KestraCodec codec = codec(CHECK_KEY);
        // not Base64; Base64 but too short (27 bytes); bad padding; URL-safe alphabet; MIME line break
        String tooShort = Base64.getEncoder().encodeToString(new byte[27]);
        List<String> values = List.of("hunter2", "a password with spaces", tooShort, "abc=", "abc==x==",
                "-" + CHECK_VALUE.substring(1), CHECK_VALUE.substring(0, 20) + "\n" + CHECK_VALUE.substring(20),
                "=" + CHECK_VALUE, CHECK_VALUE + "=");
        for (String value : values) {
            assertThat(codec.classify(value)).as(value).isEqualTo(ValueState.PLAINTEXT);
            assertThatThrownBy(() -> codec.decrypt(value)).as(value)
                    .isInstanceOfSatisfying(DecryptionException.class, e -> {
                        assertThat(e.state()).isEqualTo(ValueState.PLAINTEXT);
                        assertThat(e.getMessage()).doesNotContain(value);
                    });
        }
        // 28 bytes (IV and tag, empty plaintext) is the ciphertext shape: no key opens it
        assertThat(codec.classify(Base64.getEncoder().encodeToString(new byte[28]))).isEqualTo(ValueState.UNREADABLE);
        // unpadded Base64 is accepted like the JDK decoder does
        assertThat(codec.decrypt(CHECK_VALUE.replace("=", ""))).isEqualTo("Hello World!");
    }

    @Test
    void nullAndEmptyAreUntouched() throws Exception {
        KestraCodec codec = codec(CHECK_KEY);
        assertThat(codec.encrypt(null)).isNull();
        assertThat(codec.encrypt("")).isEmpty();
        assertThat(codec.decrypt(null)).isNull();
        assertThat(codec.decrypt("")).isEmpty();
        assertThat(codec.classify(null)).isEqualTo(ValueState.NULL_OR_EMPTY);
        assertThat(codec.classify("")).isEqualTo(ValueState.NULL_OR_EMPTY);
    }

    @Test
    void unicodeAndLongValuesRoundTrip() throws Exception {
        String key = randomKey(32);
        KestraCodec codec = codec(key);
        StringBuilder longValue = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            longValue.append((char) ('a' + i % 26));
        }
        for (String value : List.of("é", "日本語のテキスト", "emoji 😀👍🏽", "\u0000nul\u0000", " ", "\n",
                "mixed Ünïcödé and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", longValue.toString())) {
            String stored = codec.encrypt(value);
            assertThat(codec.decrypt(stored)).isEqualTo(value);
            assertThat(referenceDecrypt(key, stored)).isEqualTo(value);
        }
    }

    @Test
    void manyThreadsEncryptAndDecryptAtOnce() throws Exception {
        String oldKey = randomKey(24);
        KestraCodec codec = codec(randomKey(32), oldKey);
        String underOld = codec(oldKey).encrypt("old value");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Integer> work = () -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        String value = "thread " + thread + " value " + i;
                        String stored = codec.encrypt(value);
                        if (!codec.decrypt(stored).equals(value)) {
                            throw new AssertionError("wrong plaintext in thread " + thread);
                        }
                        if (!codec.decrypt(underOld).equals("old value")) {
                            throw new AssertionError("wrong previous-key plaintext in thread " + thread);
                        }
                        if (i % 100 == 0 && codec.classify(stored + "x") == ValueState.PRIMARY) {
                            throw new AssertionError("classify accepted a damaged value");
                        }
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toStringShowsNoKey() throws Exception {
        KestraCodec codec = codec(CHECK_KEY, CHECK_KEY);
        assertThat(codec.toString()).doesNotContain(CHECK_KEY).contains("<masked>");
        assertThat(codec.keyring().toString()).doesNotContain(CHECK_KEY);
        assertThat(codec.keyring().primary().toString()).doesNotContain(CHECK_KEY);
    }
}
