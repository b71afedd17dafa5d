package io.secretjdbc.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which tables and columns are secret (SPEC §4). Immutable and thread-safe; built from flow files by
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
            String t = Identifiers.normalize(table);
            secret.computeIfAbsent(t, k -> new LinkedHashMap<>());
            plain.computeIfAbsent(t, k -> new LinkedHashSet<>());
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
            table(table);
            String t = Identifiers.normalize(table);
            String c = columnName(column);
            secret.get(t).putIfAbsent(c, new SecretColumn(t, c, kind));
            return this;
        }

        public Builder plain(String table, String column) {
            table(table);
            plain.get(Identifiers.normalize(table)).add(columnName(column));
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
