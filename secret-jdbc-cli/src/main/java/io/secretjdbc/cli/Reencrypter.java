package io.secretjdbc.cli;

import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;

/**
 * rotate's work on one value, through the codec's one operation that opens a value and says which key
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
        int[] last = lastOpener.get();
        KestraCodec.Opened opened = codec.open(stored, last[0]);
        last[0] = opened.keyIndex();
        return opened.underPrimary() ? null : opened.plaintext();
    }

    /** The plaintext encrypted under the primary key, as stored text. */
    String seal(byte[] plain) {
        return codec.seal(plain);
    }
}
