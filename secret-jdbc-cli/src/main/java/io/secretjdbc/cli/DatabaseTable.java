package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.secretjdbc.registry.DatabaseTables;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

/**
 * A registry table as the database has it: its quoted SQL name, which of its secret columns exist
 * (quoted), and the key that batches walk it by. Found by {@link DatabaseTables}, the library's one
 * way to find a registry table, so the tools and the guard see the same tables: one per schema that
 * holds a table of the registry name (reference §4 ignores qualifiers, so each one is secret).
 */
final class DatabaseTable {

    /** SQLite's implicit row id: the key of a table declared without a primary key. */
    static final String SQLITE_ROWID = "rowid";

    final SecretTable registryTable;
    final String sqlName;
    /** The registry name, or {@code schema.name} for a table outside the connection's current schema. */
    private final String label;
    final List<SecretColumn> columns = new ArrayList<>();
    final List<String> quotedColumns = new ArrayList<>();
    final List<String> missingColumns = new ArrayList<>();
    /**
     * Quoted key columns in key order: the primary key; SQLite's rowid when it has none; else a unique
     * index whose columns are all NOT NULL; empty when there is none of these.
     */
    final List<String> keyColumns = new ArrayList<>();

    private DatabaseTable(SecretTable registryTable, String sqlName, String label) {
        this.registryTable = registryTable;
        this.sqlName = sqlName;
        this.label = label;
    }

    /** How reports name the table. */
    String name() {
        return label;
    }

    boolean hasKey() {
        return !keyColumns.isEmpty();
    }

    /** Every table of the registry name in the database (the current schema's first); empty when there is none. */
    static List<DatabaseTable> find(Connection connection, SecretTable table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String quote = meta.getIdentifierQuoteString();
        List<DatabaseTable> out = new ArrayList<>();
        List<DatabaseTables.Found> all = DatabaseTables.find(connection, table.name());
        for (int i = 0; i < all.size(); i++) {
            DatabaseTables.Found where = all.get(i);
            String label = i == 0 || where.schema() == null ? table.name() : where.schema() + "." + table.name();
            DatabaseTable found = new DatabaseTable(table, where.sqlName(quote), label);
            for (SecretColumn secret : table.secretColumns()) {
                String actual = where.column(secret.column());
                if (actual == null) {
                    found.missingColumns.add(secret.column());
                } else {
                    found.columns.add(secret);
                    found.quotedColumns.add(DatabaseTables.quote(actual, quote));
                }
            }
            Map<Integer, String> key = new TreeMap<>();
            try (ResultSet keys = meta.getPrimaryKeys(where.catalog(), where.schema(), where.name())) {
                while (keys.next()) {
                    key.put(keys.getInt("KEY_SEQ"), DatabaseTables.quote(keys.getString("COLUMN_NAME"), quote));
                }
            }
            found.keyColumns.addAll(key.values());
            if (found.keyColumns.isEmpty() && "SQLite".equalsIgnoreCase(meta.getDatabaseProductName())) {
                found.keyColumns.add(SQLITE_ROWID);
            }
            if (found.keyColumns.isEmpty()) {
                for (String column : uniqueNotNullKey(meta, where)) {
                    found.keyColumns.add(DatabaseTables.quote(column, quote));
                }
            }
            out.add(found);
        }
        return out;
    }

    /**
     * The columns of the table's unique index of NOT NULL columns (the one with the fewest columns, then
     * the first by name, so every machine of {@code --shard} picks the same); empty when there is none.
     * A walk by it meets every row once, as by a primary key. Refused: an index over a nullable column
     * (NULLs repeat and never compare), a partial index (unique only where its condition holds) and an
     * expression (not a column to compare).
     */
    private static List<String> uniqueNotNullKey(DatabaseMetaData meta, DatabaseTables.Found where) throws SQLException {
        Map<String, Boolean> notNull = new java.util.HashMap<>();
        try (ResultSet columns = meta.getColumns(where.catalog(), where.schema(), where.name(), null)) {
            while (columns.next()) {
                notNull.put(columns.getString("COLUMN_NAME"), "NO".equals(columns.getString("IS_NULLABLE")));
            }
        }
        Map<String, Map<Integer, String>> indexes = new TreeMap<>();
        java.util.Set<String> refused = new java.util.HashSet<>();
        try (ResultSet index = meta.getIndexInfo(where.catalog(), where.schema(), where.name(), true, false)) {
            while (index.next()) {
                String name = index.getString("INDEX_NAME");
                if (name == null || index.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                String column = index.getString("COLUMN_NAME");
                String filter = index.getString("FILTER_CONDITION");
                if (index.getBoolean("NON_UNIQUE") || column == null || !notNull.getOrDefault(column, false)
                        || (filter != null && !filter.isBlank())) {
                    refused.add(name);
                }
                indexes.computeIfAbsent(name, n -> new TreeMap<>()).put((int) index.getShort("ORDINAL_POSITION"), column);
            }
        }
        List<String> best = List.of();
        for (Map.Entry<String, Map<Integer, String>> index : indexes.entrySet()) {
            if (!refused.contains(index.getKey()) && (best.isEmpty() || index.getValue().size() < best.size())) {
                best = new ArrayList<>(index.getValue().values());
            }
        }
        return best;
    }
}
