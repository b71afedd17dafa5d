package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

/**
 * A registry table as the database has it: its quoted SQL name, which of its secret columns exist
 * (quoted), and the key that batches walk it by, found through {@link DatabaseMetaData}.
 */
final class DatabaseTable {

    /** SQLite's implicit row id: the key of a table declared without a primary key. */
    static final String SQLITE_ROWID = "rowid";

    final SecretTable registryTable;
    final String sqlName;
    final List<SecretColumn> columns = new ArrayList<>();
    final List<String> quotedColumns = new ArrayList<>();
    final List<String> missingColumns = new ArrayList<>();
    /** Quoted primary key columns in key order; SQLite's rowid when it has none; empty elsewhere. */
    final List<String> keyColumns = new ArrayList<>();

    private DatabaseTable(SecretTable registryTable, String sqlName) {
        this.registryTable = registryTable;
        this.sqlName = sqlName;
    }

    String name() {
        return registryTable.name();
    }

    boolean hasKey() {
        return !keyColumns.isEmpty();
    }

    /** The table in the database, or null when the database lacks it. */
    static DatabaseTable find(Connection connection, SecretTable table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String quote = meta.getIdentifierQuoteString();
        quote = quote == null || quote.isBlank() ? "" : quote.strip();
        String[] match = match(connection, meta, table.name());
        if (match == null) {
            return null;
        }
        String catalog = match[0];
        String schema = match[1];
        String name = match[2];
        String sqlName = (schema == null || schema.isEmpty() ? "" : quote(schema, quote) + ".") + quote(name, quote);
        DatabaseTable found = new DatabaseTable(table, sqlName);

        Map<String, String> actualColumns = new LinkedHashMap<>();
        try (ResultSet columns = meta.getColumns(catalog, schema, name, "%")) {
            while (columns.next()) {
                String column = columns.getString("COLUMN_NAME");
                actualColumns.put(Identifiers.normalize(column), column);
            }
        }
        for (SecretColumn secret : table.secretColumns()) {
            String actual = actualColumns.get(secret.column());
            if (actual == null) {
                found.missingColumns.add(secret.column());
            } else {
                found.columns.add(secret);
                found.quotedColumns.add(quote(actual, quote));
            }
        }

        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet keys = meta.getPrimaryKeys(catalog, schema, name)) {
            while (keys.next()) {
                key.put(keys.getInt("KEY_SEQ"), quote(keys.getString("COLUMN_NAME"), quote));
            }
        }
        found.keyColumns.addAll(key.values());
        if (found.keyColumns.isEmpty() && "SQLite".equalsIgnoreCase(meta.getDatabaseProductName())) {
            found.keyColumns.add(SQLITE_ROWID);
        }
        return found;
    }

    /** {catalog, schema, name} of the table whose name matches, preferring the connection's schema. */
    private static String[] match(Connection connection, DatabaseMetaData meta, String registryName) throws SQLException {
        String currentSchema = currentSchema(connection);
        String[] best = null;
        try (ResultSet tables = meta.getTables(connection.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                if (!registryName.equals(Identifiers.normalize(name))) {
                    continue;
                }
                String[] candidate = {tables.getString("TABLE_CAT"), tables.getString("TABLE_SCHEM"), name};
                if (best == null || (currentSchema != null && currentSchema.equals(candidate[1]))) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static String currentSchema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    static String quote(String identifier, String quote) {
        if (quote.isEmpty()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
