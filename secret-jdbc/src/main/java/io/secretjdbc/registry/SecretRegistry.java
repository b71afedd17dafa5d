package io.secretjdbc.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which tables and columns are secret (reference §4). Immutable and thread-safe; built from flow files by
 * {@link FlowLoader} or in code with {@link #builder()}.
 */
public final class SecretRegistry {

    private static final SecretRegistry EMPTY = new Builder().build();

    private final Map<String, SecretTable> tables;

    private SecretRegistry(Map<String, SecretTable> tables) {
        this.tables = Collections.unmodifiableMap(tables);
    }

    public static SecretRegistry empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The table for an SQL table name (quoted, qualified or any case), or null if the registry lacks it. */
    public SecretTable table(String sqlTableName) {
        return tables.get(Identifiers.normalize(sqlTableName));
    }

    /** The secret column {@code table.column}, or null. */
    public SecretColumn secretColumn(String sqlTableName, String sqlColumnName) {
        SecretTable table = table(sqlTableName);
        return table == null ? null : table.secretColumn(sqlColumnName);
    }

    public Collection<SecretTable> tables() {
        return tables.values();
    }

    /** Normalised names of all registry tables. */
    public Set<String> tableNames() {
        return tables.keySet();
    }

    /** True when some secret column has a blind index (reference §3.1); false costs a statement nothing. */
    public boolean hasBlindIndexes() {
        for (SecretTable table : tables.values()) {
            if (table.hasBlindIndex()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** How many secret columns all tables hold together; 0 means nothing would be encrypted. */
    public int secretColumnCount() {
        int count = 0;
        for (SecretTable table : tables.values()) {
            count += table.secretColumns().size();
        }
        return count;
    }

    /** A builder that starts with everything this registry holds, to extend it. */
    public Builder toBuilder() {
        return new Builder().addAll(this);
    }

    @Override
    public String toString() {
        return "SecretRegistry" + tables.values();
    }

    /** Builds a registry in code. Two declarations of one table add up, as two flows mapping to it do. */
    public static final class Builder {
        private final Map<String, Map<String, SecretColumn>> secret = new LinkedHashMap<>();
        private final Map<String, Set<String>> plain = new LinkedHashMap<>();

        /** Declares a table, even without secret columns. */
        public Builder table(String table) {
            tableNamed(Identifiers.normalize(table));
            return this;
        }

        /**
         * Adds every table and column of another registry; tables both hold add up. Names are taken
         * as they are (already normalised), so a table whose name holds a dot keeps it.
         */
        public Builder addAll(SecretRegistry other) {
            for (SecretTable table : other.tables()) {
                String t = table.name();
                tableNamed(t);
                for (SecretColumn column : table.secretColumns()) {
                    secret.get(t).putIfAbsent(column.column(),
                            new SecretColumn(t, column.column(), column.kind(), column.blindIndex()));
                }
                plain.get(t).addAll(table.plainColumns());
            }
            return this;
        }

        /** Declares a table under a name that is already in registry form (no qualifier cut off). */
        Builder tableNamed(String normalizedTable) {
            secret.computeIfAbsent(normalizedTable, k -> new LinkedHashMap<>());
            plain.computeIfAbsent(normalizedTable, k -> new LinkedHashSet<>());
            return this;
        }

        /** {@link #secret} for a table name that is already in registry form. */
        Builder secretIn(String normalizedTable, String column, SecretColumn.Kind kind) {
            tableNamed(normalizedTable);
            String c = columnName(column);
            secret.get(normalizedTable).putIfAbsent(c, new SecretColumn(normalizedTable, c, kind));
            return this;
        }

        /** {@link #plain} for a table name that is already in registry form. */
        Builder plainIn(String normalizedTable, String column) {
            tableNamed(normalizedTable);
            plain.get(normalizedTable).add(columnName(column));
            return this;
        }

        public Builder secretInput(String table, String column) {
            return secret(table, column, SecretColumn.Kind.INPUT);
        }

        public Builder secretOutput(String table, String column) {
            return secret(table, column, SecretColumn.Kind.OUTPUT);
        }

        /** A secret column; a {@code .} in the name (Kestra nested ids) becomes {@code _}. */
        public Builder secret(String table, String column, SecretColumn.Kind kind) {
            return secretIn(Identifiers.normalize(table), column, kind);
        }

        public Builder plain(String table, String column) {
            return plainIn(Identifiers.normalize(table), column);
        }

        /**
         * Gives the secret column {@code table.column}, declared before, a blind index (reference §3.1).
         *
         * @param domain the HKDF domain, or null for the default {@code table.column} in lower case
         * @throws IllegalArgumentException when {@code table.column} is not a secret column declared so
         *         far, already has a blind index, or the index column is a secret column, a plain
         *         column the flows declare, or another column's index column; the message names them
         */
        public Builder blindIndex(String table, String column, String indexColumn, java.util.List<String> normalization,
                String domain) {
            String t = Identifiers.normalize(table);
            String c = columnName(column);
            String index = Identifiers.normalize(Identifiers.unquote(indexColumn.trim()));
            Map<String, SecretColumn> columns = secret.get(t);
            SecretColumn target = columns == null ? null : columns.get(c);
            if (target == null) {
                throw new IllegalArgumentException(t + "." + c + " is not a secret column of the registry ("
                        + (columns == null ? "no table " + t + " is declared"
                                : columns.isEmpty() ? t + " has no secret column"
                                : "the secret columns of " + t + " are " + String.join(", ", columns.keySet()))
                        + ")");
            }
            if (target.blindIndex() != null) {
                throw new IllegalArgumentException(target.qualifiedName() + " is given a blind index twice");
            }
            if (index.isEmpty()) {
                throw new IllegalArgumentException(target.qualifiedName() + " is given an empty index column name");
            }
            if (columns.containsKey(index)) {
                throw new IllegalArgumentException("the index column " + index + " of " + target.qualifiedName()
                        + " is itself the secret column " + t + "." + index + "; name a new column for the index");
            }
            if (plain.get(t).contains(index)) {
                throw new IllegalArgumentException("the index column " + index + " of " + target.qualifiedName()
                        + " is a plain input or output that a flow declares; the application would write it,"
                        + " so name a column of its own for the index");
            }
            for (SecretColumn other : columns.values()) {
                if (other.blindIndex() != null && other.blindIndex().column().equals(index)) {
                    throw new IllegalArgumentException("the index column " + index + " of " + target.qualifiedName()
                            + " is already the index column of " + other.qualifiedName()
                            + "; give each secret column an index column of its own");
                }
            }
            String d = domain == null || domain.isBlank() ? BlindIndex.defaultDomain(t, c) : domain.strip();
            columns.put(c, target.withBlindIndex(new BlindIndex(index, normalization, d)));
            return this;
        }

        private static String columnName(String id) {
            return Identifiers.normalize(Identifiers.unquote(id.trim()).replace('.', '_'));
        }

        public SecretRegistry build() {
            Map<String, SecretTable> tables = new LinkedHashMap<>();
            secret.forEach((t, cols) -> tables.put(t, new SecretTable(t, cols, plain.get(t))));
            return new SecretRegistry(tables);
        }
    }
}
