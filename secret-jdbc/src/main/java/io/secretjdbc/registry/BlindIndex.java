package io.secretjdbc.registry;

import java.util.List;
import java.util.Objects;

/**
 * The blind index of a secret column (reference §3.1): the companion column of the same table that
 * holds a keyed hash of the plaintext, so the database can decide equality (§6 "Search").
 *
 * @param column        the index column, in registry form (unquoted, lower case)
 * @param normalization the names of the normalizations applied in order before hashing, each one of
 *                      {@link #NORMALIZATIONS}; empty for none
 * @param domain        the HKDF domain; two columns of one domain can be compared with each other
 */
public record BlindIndex(String column, List<String> normalization, String domain) {

    /** The normalizations reference §3.1 defines, by their configuration names. */
    public static final List<String> NORMALIZATIONS = List.of("trim", "lowercase", "nfc");

    public BlindIndex {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(domain, "domain");
        normalization = List.copyOf(normalization);
        for (String n : normalization) {
            if (!NORMALIZATIONS.contains(n)) {
                throw new IllegalArgumentException("unknown normalization " + n + "; known: "
                        + String.join(", ", NORMALIZATIONS));
            }
        }
    }

    /** The default domain of a secret column: {@code table.column} in lower case. */
    public static String defaultDomain(String table, String column) {
        return (table + "." + column).toLowerCase(java.util.Locale.ROOT);
    }
}
