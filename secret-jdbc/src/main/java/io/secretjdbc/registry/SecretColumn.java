package io.secretjdbc.registry;

/**
 * One column whose values are stored encrypted.
 *
 * @param table  the table name as the registry knows it (normalised: lower case, unquoted)
 * @param column the column name (normalised; a {@code .} of a nested Kestra id is already {@code _})
 * @param kind   whether the flow declared it as an input or an output; it only chooses the word in
 *               Kestra's "encryption is not configured" message
 * @param blindIndex the column's blind index (reference §3.1), or null when it has none: then every
 *               comparison on it is refused
 */
public record SecretColumn(String table, String column, Kind kind, BlindIndex blindIndex) {

    /** A secret column without a blind index. */
    public SecretColumn(String table, String column, Kind kind) {
        this(table, column, kind, null);
    }

    /** True when equality on this column can be answered through its blind index. */
    public boolean searchable() {
        return blindIndex != null;
    }

    /** This column with a blind index (or without one, for null). */
    public SecretColumn withBlindIndex(BlindIndex index) {
        return new SecretColumn(table, column, kind, index);
    }

    public enum Kind {
        INPUT("input"), OUTPUT("output");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** {@code input} or {@code output}, as Kestra's messages say it. */
        public String word() {
            return word;
        }
    }

    /** {@code table.column}: the name every error message uses, never a value. */
    public String qualifiedName() {
        return table + "." + column;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
