package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;
import org.junit.jupiter.api.Test;

/** rotate's faster path gives the codec's answers, whatever order the values come in. */
class ReencrypterTest {

    private final String newKey = KeygenCommand.newKey();
    private final String olderKey = KeygenCommand.newKey();

    @Test
    void sameAnswersAsTheCodecForEveryKindOfValueInAnyOrder() throws Exception {
        KestraCodec codec = TestDb.codec(newKey, TestDb.OLD_KEY, olderKey);
        KestraCodec onlyNew = TestDb.codec(newKey);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(TestDb.codec(TestDb.OLD_KEY).encrypt("old-" + i));
            values.add(TestDb.codec(olderKey).encrypt("older-" + i + "-ü密"));
            values.add(onlyNew.encrypt("new-" + i));
            values.add("plain-" + i);
            values.add(TestDb.codec(KeygenCommand.newKey()).encrypt("stranger-" + i)); // unreadable
        }
        values.add("QUJD"); // Base64, but shorter than an IV and a tag: plaintext
        values.add("A".repeat(41)); // a length no Base64 has
        values.add("A".repeat(40)); // Base64 of 30 bytes that no key opens
        String padded = onlyNew.encrypt("x"); // 29 bytes: one '=' of padding
        values.add(padded);
        values.add(padded.substring(0, padded.length() - 1)); // padding left out, as the JDK accepts
        values.add(TestDb.codec(TestDb.OLD_KEY).encrypt("yy").replace("=", ""));

        Reencrypter reencrypter = new Reencrypter(codec);
        for (String value : values) {
            ValueState expected = codec.classify(value);
            byte[] plain;
            try {
                plain = reencrypter.openUnderPrevious(value);
            } catch (DecryptionException e) {
                assertThat(e.state()).as(value).isEqualTo(expected).isIn(ValueState.PLAINTEXT, ValueState.UNREADABLE);
                assertThatThrownBy(() -> codec.reencrypt(value)).isInstanceOf(DecryptionException.class);
                continue;
            }
            if (expected == ValueState.PRIMARY) {
                assertThat(plain).as(value).isNull();
            } else {
                assertThat(expected).as(value).isEqualTo(ValueState.PREVIOUS);
                assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(codec.decrypt(value));
                String sealed = reencrypter.seal(plain);
                assertThat(onlyNew.decrypt(sealed)).isEqualTo(codec.decrypt(value));
            }
        }
    }

    @Test
    void decodesExactlyWhatTheJdkDecodes() {
        for (int length = 28; length < 40; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 37 + length);
            }
            String text = Base64.getEncoder().encodeToString(bytes);
            assertThat(KestraCodec.decodeCiphertext(text)).isEqualTo(bytes);
            assertThat(KestraCodec.decodeCiphertext(text.replace("=", ""))).isEqualTo(bytes);
        }
        assertThat(KestraCodec.decodeCiphertext("pw-" + "A".repeat(40))).isNull();
        assertThat(KestraCodec.decodeCiphertext("A".repeat(36) + "=A==")).isNull();
    }
}
