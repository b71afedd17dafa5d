package io.secretjdbc.cli;

import java.util.Arrays;

import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;

/**
 * One row of a {@link TableRewriter} batch: its key, the values read, and what the codec made of them;
 * the per-row work of migrate ({@link #encrypt}) and rotate ({@link #open} then {@link #seal}), run on
 * the crypto threads, while the database work stays with the table walk.
 */
final class RewriteRow {

    /** What an UPDATE rewrites, by secret column position: bit i = secret column i. */
    record Shape(long values, long indexes, long nullValues) {
        /** The columns whose value the UPDATE is conditional on. */
        long conditions() {
            return values | indexes;
        }
    }

    final Object[] key;
    final String[] values;
    final ValueState[] states;
    final String[] rewritten;
    /** rotate: the plaintext of values under a previous key, between open and seal. */
    final byte[][] opened;
    long changed;
    /** The stored blind index values by secret column (null entries where none is checked); null for a table without. */
    final String[] indexes;
    final IndexState[] indexStates;
    final String[] newIndexes;
    long indexChanged;
    /** Bit c: value c read is NULL, so the UPDATE's condition on it is {@code IS NULL}. */
    long nullValues;

    RewriteRow(Object[] key, String[] values, String[] indexes) {
        this.key = key;
        this.values = values;
        this.states = new ValueState[values.length];
        this.rewritten = new String[values.length];
        this.opened = new byte[values.length][];
        this.indexes = indexes;
        this.indexStates = indexes == null ? null : new IndexState[values.length];
        this.newIndexes = indexes == null ? null : new String[values.length];
    }

    /** The new and old values of the changed columns, for {@link ValuesUpdate} (rows whose index does not change). */
    ValuesUpdate.Change change() {
        int n = Long.bitCount(changed);
        String[] newValues = new String[n];
        String[] oldValues = new String[n];
        int i = 0;
        for (int c = 0; c < values.length; c++) {
            if ((changed & (1L << c)) != 0) {
                newValues[i] = rewritten[c];
                oldValues[i++] = values[c];
            }
        }
        return new ValuesUpdate.Change(key, newValues, oldValues);
    }

    Shape shape() {
        return new Shape(changed, indexChanged, nullValues);
    }

    /** migrate: classifies each value and encrypts the plaintext ones; fills missing or wrong indexes. */
    void encrypt(KestraCodec codec, Reencrypter opener, BlindIndexes index) {
        for (int c = 0; c < values.length; c++) {
            if (indexes != null && index.has(c)) {
                String plain = openIndexed(c, opener, false);
                if (states[c] == ValueState.PLAINTEXT) {
                    rewritten[c] = codec.encrypt(values[c]);
                    changed |= 1L << c;
                }
                checkIndex(c, index, plain, false);
                continue;
            }
            ValueState state = codec.classify(values[c]);
            if (state == ValueState.PLAINTEXT) {
                rewritten[c] = codec.encrypt(values[c]);
                changed |= 1L << c;
            }
            states[c] = state;
        }
    }

    /** rotate, first half: which key opens each value; keeps the plaintext of those under a previous key. */
    void open(Reencrypter reencrypter, BlindIndexes index) {
        for (int c = 0; c < values.length; c++) {
            if (indexes != null && index.has(c)) {
                checkIndex(c, index, openIndexed(c, reencrypter, true), true);
                continue;
            }
            String value = values[c];
            if (value == null || value.isEmpty()) {
                states[c] = ValueState.NULL_OR_EMPTY;
                continue;
            }
            try {
                byte[] plain = reencrypter.openUnderPrevious(value);
                if (plain == null) {
                    states[c] = ValueState.PRIMARY;
                } else {
                    opened[c] = plain;
                    states[c] = ValueState.PREVIOUS;
                }
            } catch (DecryptionException e) {
                states[c] = e.state(); // PLAINTEXT or UNREADABLE: never touched by rotate
            }
        }
    }

    /** rotate, second half: the values a previous key opened, encrypted under the primary key. */
    void seal(Reencrypter reencrypter) {
        for (int c = 0; c < values.length; c++) {
            byte[] plain = opened[c];
            if (plain != null) {
                rewritten[c] = reencrypter.seal(plain);
                changed |= 1L << c;
                Arrays.fill(plain, (byte) 0);
                opened[c] = null;
            }
        }
    }

    /**
     * A value whose index is checked, opened whichever key opens it: sets its state and returns its
     * plaintext (the value itself when it is not ciphertext; null when NULL or unreadable).
     *
     * @param keepPrevious rotate: keep the bytes of a value under a previous key for {@link #seal}
     */
    private String openIndexed(int c, Reencrypter opener, boolean keepPrevious) {
        Reencrypter.Read read = opener.read(values[c]);
        states[c] = read.state();
        if (keepPrevious && read.state() == ValueState.PREVIOUS) {
            opened[c] = read.bytes();
        } else if (read.bytes() != null) {
            Arrays.fill(read.bytes(), (byte) 0);
        }
        return read.plaintext();
    }

    /**
     * Judges the stored index of column c and decides its rewrite: missing or wrong always; stale
     * under rotate, or where migrate encrypts the value anyway. rotate leaves plaintext rows to migrate.
     */
    private void checkIndex(int c, BlindIndexes index, String plain, boolean rotate) {
        IndexState state = index.judge(c, plain, states[c] != ValueState.UNREADABLE, indexes[c]);
        indexStates[c] = state;
        boolean fix = switch (state) {
            case MISSING, WRONG -> true;
            case STALE -> rotate || (changed & (1L << c)) != 0;
            default -> false;
        };
        if (fix && !(rotate && states[c] == ValueState.PLAINTEXT)) {
            newIndexes[c] = index.current(c, plain);
            indexChanged |= 1L << c;
            if (values[c] == null) {
                nullValues |= 1L << c;
            }
        }
    }
}
