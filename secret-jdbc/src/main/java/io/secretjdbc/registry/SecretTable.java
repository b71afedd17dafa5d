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

    SecretTable(String name, Map<String, SecretColumn> secretColumns, Set<String> plainColumns) {
        this.name = name;
        this.secretColumns = Collections.unmodifiableMap(new LinkedHashMap<>(secretColumns));
        Set<String> plain = new LinkedHashSet<>(plainColumns);
        plain.removeAll(secretColumns.keySet());
        this.plainColumns = Collections.unmodifiableSet(plain);
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
