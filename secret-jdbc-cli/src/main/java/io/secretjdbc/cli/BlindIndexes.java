package io.secretjdbc.cli;

import java.util.List;

import io.secretjdbc.crypto.BlindIndexer;
import io.secretjdbc.crypto.Keyring;
import io.secretjdbc.registry.BlindIndex;
import io.secretjdbc.registry.SecretColumn;

/**
 * The blind indexes (reference §3.1) of one table's secret columns as scan, migrate and rotate check
 * them: per secret column position of {@link DatabaseTable#columns}, its indexer when the column has a
 * blind index whose column the table holds, else null. A table without one costs the tools nothing.
 */
final class BlindIndexes {

    private final BlindIndexer[] indexers;
    private final boolean any;

    BlindIndexes(DatabaseTable table, Keyring keyring) {
        indexers = new BlindIndexer[table.columns.size()];
        boolean found = false;
        for (int c = 0; c < indexers.length; c++) {
            SecretColumn column = table.columns.get(c);
            if (table.quotedIndexColumns.get(c) != null) {
                indexers[c] = indexer(keyring, column.blindIndex());
                found = true;
            }
        }
        any = found;
    }

    private static BlindIndexer indexer(Keyring keyring, BlindIndex index) {
        List<BlindIndexer.Normalization> normalizations = index.normalization().stream()
                .map(BlindIndexer.Normalization::ofConfigName).toList();
        return BlindIndexer.of(keyring, index.domain(), normalizations);
    }

    /** True when some secret column of the table has an index column to check. */
    boolean any() {
        return any;
    }

    /** True when secret column {@code c} has an index column to check. */
    boolean has(int c) {
        return indexers[c] != null;
    }

    /** The index under the primary key, what the driver writes; null for a NULL plaintext. */
    String current(int c, String plaintext) {
        return indexers[c].index(plaintext);
    }

    /**
     * What the stored index of column {@code c} is beside its value.
     *
     * @param plaintext the value's plaintext (the value itself when it is not yet encrypted), null for NULL
     * @param readable  false when no key opens the value: then its index cannot be checked
     * @param stored    the stored index value
     */
    IndexState judge(int c, String plaintext, boolean readable, String stored) {
        if (!readable) {
            return IndexState.UNCHECKED;
        }
        if (plaintext == null) {
            return stored == null ? IndexState.NONE : IndexState.WRONG;
        }
        if (stored == null) {
            return IndexState.MISSING;
        }
        BlindIndexer indexer = indexers[c];
        if (stored.equals(indexer.index(plaintext, 0))) {
            return IndexState.CURRENT;
        }
        for (int key = 1; key < indexer.keyCount(); key++) {
            if (stored.equals(indexer.index(plaintext, key))) {
                return IndexState.STALE;
            }
        }
        return IndexState.WRONG;
    }
}
