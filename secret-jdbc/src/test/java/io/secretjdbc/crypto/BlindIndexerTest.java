package io.secretjdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.crypto.BlindIndexer.Normalization;
import io.secretjdbc.testing.BlindIndexReference;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reference §3.1: the check values, the reference oracle, normalization, rotation order. */
class BlindIndexerTest {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String OLD = "q5VJ0D8ih9H2vTAkV1FUBOvCi0e1B7cODmKZAZ/TxMo=";

    @Test
    void theOracleIsRfc5869HkdfOnTheRfcsOwnTestCase() {
        // RFC 5869 appendix A.1: an oracle that is wrong here is wrong everywhere.
        HexFormat hex = HexFormat.of();
        byte[] okm = BlindIndexReference.hkdf(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865");
    }

    @Test
    void theSpecCheckValuesHoldForTheOracle() {
        assertThat(BlindIndexReference.index(KEY, "users.email", "alice@example.com")).isEqualTo("LKl0x24bjvazXN3w34VFgw==");
        assertThat(BlindIndexReference.index(KEY, "users.email", "")).isEqualTo("1BbauCwO/iYlxJjL9ikmBQ==");
        assertThat(BlindIndexReference.index(KEY, "email", "alice@example.com")).isEqualTo("Sce9i9c8452oQi7zVW99dA==");
    }

    @Test
    void theSpecCheckValuesHoldForTheProduct() throws KeyException {
        Keyring keyring = Keyring.fromBase64(KEY);
        assertThat(BlindIndexer.of(keyring, "users.email", List.of()).index("alice@example.com"))
                .isEqualTo("LKl0x24bjvazXN3w34VFgw==");
        assertThat(BlindIndexer.of(keyring, "users.email", List.of()).index("")).isEqualTo("1BbauCwO/iYlxJjL9ikmBQ==");
        assertThat(BlindIndexer.of(keyring, "email", List.of()).index("alice@example.com"))
                .isEqualTo("Sce9i9c8452oQi7zVW99dA==");
    }

    @Test
    void nullGivesNull() throws KeyException {
        BlindIndexer indexer = BlindIndexer.of(Keyring.fromBase64(KEY), "users.email", List.of(Normalization.TRIM));
        assertThat(indexer.index(null)).isNull();
        assertThat(indexer.index(null, 0)).isNull();
    }

    @Test
    void normalizationsApplyInOrderAndMatchTheOracle() throws KeyException {
        Keyring keyring = Keyring.fromBase64(KEY);
        BlindIndexer all = BlindIndexer.of(keyring, "users.email",
                List.of(Normalization.TRIM, Normalization.LOWERCASE, Normalization.NFC));
        String decomposed = "  Ame\u0301LIE@Example.COM\t";
        assertThat(all.index(decomposed))
                .isEqualTo(BlindIndexReference.index(KEY, "users.email", "am\u00e9lie@example.com"))
                .isEqualTo(all.index("am\u00e9lie@example.com"))
                .isNotEqualTo(BlindIndexer.of(keyring, "users.email", List.of()).index(decomposed));
        assertThat(all.normalize(decomposed)).isEqualTo("am\u00e9lie@example.com");
        // Turkish dotted I: ROOT lower-casing, never the default locale's
        assertThat(BlindIndexer.of(keyring, "d", List.of(Normalization.LOWERCASE)).index("I"))
                .isEqualTo(BlindIndexReference.index(KEY, "d", "i"));
        // no normalization: case and white space count
        BlindIndexer none = BlindIndexer.of(keyring, "users.email", List.of());
        assertThat(none.index(" alice@example.com")).isNotEqualTo(none.index("alice@example.com"));
        assertThat(none.index("Alice@example.com")).isNotEqualTo(none.index("alice@example.com"));
        // trim only strips the ends; the empty string after trimming is the index of ''
        BlindIndexer trim = BlindIndexer.of(keyring, "users.email", List.of(Normalization.TRIM));
        assertThat(trim.index("   ")).isEqualTo("1BbauCwO/iYlxJjL9ikmBQ==");
        assertThat(trim.index(" a b ")).isEqualTo(BlindIndexReference.index(KEY, "users.email", "a b"));
        // a composed capital under nfc then lowercase, as the oracle does it
        assertThat(BlindIndexer.of(keyring, "d", List.of(Normalization.NFC, Normalization.LOWERCASE)).index("\u00c9"))
                .isEqualTo(BlindIndexReference.index(KEY, "d", "\u00c9", "nfc", "lowercase"));
    }

    @Test
    void configNamesAreTheLowerCaseSpecNames() {
        assertThat(Normalization.ofConfigName("trim")).isEqualTo(Normalization.TRIM);
        assertThat(Normalization.ofConfigName("lowercase")).isEqualTo(Normalization.LOWERCASE);
        assertThat(Normalization.ofConfigName("nfc")).isEqualTo(Normalization.NFC);
        assertThat(Normalization.ofConfigName("TRIM")).isNull();
        assertThat(Normalization.ofConfigName("upper")).isNull();
    }

    @Test
    void everyKeyInKeyringOrderPrimaryFirst() throws KeyException {
        Keyring keyring = Keyring.fromBase64(KEY, List.of(OLD));
        BlindIndexer indexer = BlindIndexer.of(keyring, "users.email", List.of());
        assertThat(indexer.keyCount()).isEqualTo(2).isEqualTo(keyring.keyCount());
        assertThat(indexer.index("alice@example.com", 0)).isEqualTo("LKl0x24bjvazXN3w34VFgw==")
                .isEqualTo(indexer.index("alice@example.com"));
        assertThat(indexer.index("alice@example.com", 1))
                .isEqualTo(BlindIndexReference.index(OLD, "users.email", "alice@example.com"))
                .isNotEqualTo("LKl0x24bjvazXN3w34VFgw==");
        assertThatThrownBy(() -> indexer.index("x", 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void domainsSeparateIndexes() throws KeyException {
        Keyring keyring = Keyring.fromBase64(KEY);
        assertThat(BlindIndexer.of(keyring, "a.x", List.of()).index("v"))
                .isNotEqualTo(BlindIndexer.of(keyring, "b.x", List.of()).index("v"));
    }

    @Test
    void manyThreadsAgreeWithTheOracle() throws Exception {
        BlindIndexer indexer = BlindIndexer.of(Keyring.fromBase64(KEY, List.of(OLD)), "users.email", List.of());
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    String value = "v" + seed + "-" + i;
                    int key = i % 2;
                    if (!indexer.index(value, key).equals(BlindIndexReference.index(key == 0 ? KEY : OLD,
                            "users.email", value))) {
                        wrong.add(value);
                    }
                    done.incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(done.get()).isEqualTo(2400);
        assertThat(wrong).isEmpty();
    }

    @Test
    void toStringShowsNoKey() throws KeyException {
        BlindIndexer indexer = BlindIndexer.of(Keyring.fromBase64(KEY), "users.email", List.of(Normalization.TRIM));
        assertThat(indexer.toString()).contains("users.email").doesNotContain(KEY).contains("masked");
    }
}
