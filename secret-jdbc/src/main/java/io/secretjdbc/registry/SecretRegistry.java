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
                    secret.get(t).putIfAbsent(column.column(), new SecretColumn(t, column.column(), column.kind()));
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
