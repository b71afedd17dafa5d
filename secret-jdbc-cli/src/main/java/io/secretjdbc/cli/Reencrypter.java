package io.secretjdbc.cli;

import java.nio.charset.StandardCharsets;

import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;

/**
 * rotate's work on one value (and the opening of values whose blind index is checked), through the codec's one operation that opens a value and says which key
 * opened it ({@link KestraCodec#open}); the format itself is the codec's alone.
 *
 * <p>Why a class: on a table being rotated most values are under a previous key, and values under one
 * key come in long runs (a fresh rotation: all previous; a resumed one: a prefix under the primary,
 * the rest previous). Each thread asks the codec to try first the key that opened its last value, so a
 * failed GCM tag check (an exception with a stack trace, ~10 µs) is paid only where a run ends.
 */
final class Reencrypter {

    private final KestraCodec codec;
    /** Per thread: the key index that opened the last value. */
    private final ThreadLocal<int[]> lastOpener = ThreadLocal.withInitial(() -> new int[] {KestraCodec.PRIMARY});

    Reencrypter(KestraCodec codec) {
        this.codec = codec;
    }

    /**
     * What {@link KestraCodec#reencrypt} decides, in two halves so that a caller can open many values
     * before sealing them: null when the primary key opens the value (nothing to do), its plaintext when
     * a previous key does.
     *
     * @param stored a non-empty stored value
     * @throws DecryptionException as {@link KestraCodec#reencrypt}: plaintext, or no key opens it
     */
    byte[] openUnderPrevious(String stored) throws DecryptionException {
        KestraCodec.Opened opened = open(stored);
        return opened.underPrimary() ? null : opened.plaintext();
    }

    /**
     * A value whose blind index is checked (scan, migrate, rotate), opened whichever key opens it.
     *
     * @param state     what the value is
     * @param plaintext its plaintext: the value itself when it is not ciphertext, null when NULL or unreadable
     * @param bytes     the plaintext's UTF-8 bytes when a key opened it (the caller zeroes or seals them), else null
     */
    record Read(ValueState state, String plaintext, byte[] bytes) {
        /** Never the plaintext. */
        @Override
        public String toString() {
            return "Read[" + state + "]";
        }
    }

    /** Opens a value of a column with a blind index, whose index is checked also when the primary key opens it. */
    Read read(String stored) {
        if (stored == null || stored.isEmpty()) {
            return new Read(ValueState.NULL_OR_EMPTY, stored, null);
        }
        try {
            KestraCodec.Opened opened = open(stored);
            return new Read(opened.underPrimary() ? ValueState.PRIMARY : ValueState.PREVIOUS,
                    new String(opened.plaintext(), StandardCharsets.UTF_8), opened.plaintext());
        } catch (DecryptionException e) {
            return new Read(e.state(), e.state() == ValueState.PLAINTEXT ? stored : null, null);
        }
    }

    private KestraCodec.Opened open(String stored) throws DecryptionException {
        int[] last = lastOpener.get();
        KestraCodec.Opened opened = codec.open(stored, last[0]);
        last[0] = opened.keyIndex();
        return opened;
    }

    /** The plaintext encrypted under the primary key, as stored text. */
    String seal(byte[] plain) {
        return codec.seal(plain);
    }
}
