package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One planned result column ({@link Fixed}), or a {@code *} whose width is known only at run time ({@link Star}). */
sealed interface ResultItem {

    /**
     * A result column known at plan time.
     *
     * @param label  its name in the result (alias or column name), normalised; null if unknown
     * @param secret the secret column its values come from, or null
     */
    record Fixed(String label, SecretColumn secret) implements ResultItem {
    }

    /**
     * Columns expanded from {@code *} or {@code t.*}, resolved against result metadata.
     *
     * @param tables       registry tables the star may expand (a column secret in any of them is decrypted)
     * @param secretLabels result labels known to be secret (from derived tables under the star)
     */
    record Star(List<SecretTable> tables, List<Fixed> secretLabels) implements ResultItem {

        static final Star PLAIN = new Star(List.of(), List.of());

        boolean mayHoldSecrets() {
            return !secretLabels.isEmpty() || tables.stream().anyMatch(t -> !t.secretColumns().isEmpty());
        }

        /** The first secret column the star may expand: its first secret label, else a table's; null if none. */
        SecretColumn firstSecret() {
            if (!secretLabels.isEmpty()) {
                return secretLabels.get(0).secret();
            }
            return tables.stream().flatMap(t -> t.secretColumns().stream()).findFirst().orElse(null);
        }

        /** One star standing for several consecutive items. */
        static Star merge(List<ResultItem> items) {
            Set<SecretTable> tables = new LinkedHashSet<>();
            List<Fixed> labels = new ArrayList<>();
            for (ResultItem item : items) {
                if (item instanceof Star s) {
                    tables.addAll(s.tables());
                    labels.addAll(s.secretLabels());
                } else if (item instanceof Fixed f && f.secret() != null) {
                    labels.add(f);
                }
            }
            return new Star(List.copyOf(tables), List.copyOf(labels));
        }
    }

    static boolean anySecret(List<ResultItem> items) {
        for (ResultItem item : items) {
            if (item instanceof Fixed f ? f.secret() != null : ((Star) item).mayHoldSecrets()) {
                return true;
            }
        }
        return false;
    }
}
