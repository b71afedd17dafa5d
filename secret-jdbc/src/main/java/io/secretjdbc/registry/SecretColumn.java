package io.secretjdbc.registry;

/**
 * One column whose values are stored encrypted.
 *
 * @param table  the table name as the registry knows it (normalised: lower case, unquoted)
 * @param column the column name (normalised; a {@code .} of a nested Kestra id is already {@code _})
 * @param kind   whether the flow declared it as an input or an output; it only chooses the word in
 *               Kestra's "encryption is not configured" message
 */
public record SecretColumn(String table, String column, Kind kind) {

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
