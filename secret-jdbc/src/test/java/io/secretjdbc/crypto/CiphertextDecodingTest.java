package io.secretjdbc.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass decoder on the read path agrees with the JDK's Base64 decoder on every input. */
class CiphertextDecodingTest {

    private static byte[] jdk(String text) {
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            return decoded.length < KestraCodec.MIN_CIPHERTEXT_BYTES ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void encodedBytesDecodeToThemselvesWithAndWithoutPadding() {
        Random random = new Random(42);
        for (int length = 0; length < 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String padded = Base64.getEncoder().encodeToString(bytes);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            byte[] expected = length < KestraCodec.MIN_CIPHERTEXT_BYTES ? null : bytes;
            assertThat(KestraCodec.decodeCiphertext(padded)).as("padded %d", length).isEqualTo(expected);
            assertThat(KestraCodec.decodeCiphertext(unpadded)).as("unpadded %d", length).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomText() {
        Random random = new Random(7);
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .\n€é";
        for (int i = 0; i < 20_000; i++) {
            int length = 30 + random.nextInt(60);
            StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(new byte[length]));
            int edits = random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                text.setCharAt(random.nextInt(text.length()), chars.charAt(random.nextInt(chars.length())));
            }
            if (random.nextInt(5) == 0) {
                text.setLength(text.length() - random.nextInt(3));
            }
            String s = text.toString();
            assertThat(KestraCodec.decodeCiphertext(s)).as(s).isEqualTo(jdk(s));
        }
    }
}
