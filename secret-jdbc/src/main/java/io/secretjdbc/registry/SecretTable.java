package io.secretjdbc.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A registry table: its secret columns, and the plain columns its flows declare. Immutable. */
public final class SecretTable {

    private final String name;
    private final Map<String, SecretColumn> secretColumns;
    private final Set<String> plainColumns;
    /** Index column name to the secret column it indexes; empty for a table without blind indexes. */
    private final Map<String, SecretColumn> indexColumns;

    SecretTable(String name, Map<String, SecretColumn> secretColumns, Set<String> plainColumns) {
        this.name = name;
        this.secretColumns = Collections.unmodifiableMap(new LinkedHashMap<>(secretColumns));
        Set<String> plain = new LinkedHashSet<>(plainColumns);
        plain.removeAll(secretColumns.keySet());
        this.plainColumns = Collections.unmodifiableSet(plain);
        Map<String, SecretColumn> indexes = new LinkedHashMap<>();
        for (SecretColumn column : secretColumns.values()) {
            if (column.blindIndex() != null) {
                indexes.put(column.blindIndex().column(), column);
            }
        }
        this.indexColumns = indexes.isEmpty() ? Map.of() : Collections.unmodifiableMap(indexes);
    }

    /** Normalised table name. */
    public String name() {
        return name;
    }

    /** The secret column for an SQL column name (quoted, qualified or any case), or null if it is not secret. */
    public SecretColumn secretColumn(String sqlColumnName) {
        return secretColumns.get(Identifiers.normalize(sqlColumnName));
    }

    public boolean isSecret(String sqlColumnName) {
        return secretColumn(sqlColumnName) != null;
    }

    /**
     * The secret column whose blind index lives in this column (quoted, qualified or any case), or
     * null when it is no index column: statements must never write it directly (reference §6 "Search").
     */
    public SecretColumn indexedBy(String sqlColumnName) {
        return indexColumns.isEmpty() ? null : indexColumns.get(Identifiers.normalize(sqlColumnName));
    }

    /** True when some secret column of this table has a blind index. */
    public boolean hasBlindIndex() {
        return !indexColumns.isEmpty();
    }

    /** Secret columns in declaration order. */
    public Collection<SecretColumn> secretColumns() {
        return secretColumns.values();
    }

    /** Normalised names of the non-secret inputs and outputs the flows declare (informational). */
    public Set<String> plainColumns() {
        return plainColumns;
    }

    @Override
    public String toString() {
        return name + secretColumns.keySet();
    }
}
