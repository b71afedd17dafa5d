package io.secretjdbc.jdbc;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.sql.ColumnOrder;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Column order per table, from {@code DatabaseMetaData}, for {@code INSERT INTO t VALUES (...)} without a
 * column list. Cached per table; {@link #clear()} after DDL. The planner calls it during a plan-cache
 * miss, on the thread of the connection that is planning, which lends its metadata through
 * {@link #planningOn}.
 */
final class TableColumns implements ColumnOrder {

    private static final ThreadLocal<Connection> PLANNING = new ThreadLocal<>();

    private final Map<String, List<String>> columns = new ConcurrentHashMap<>();
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    /** Lends {@code connection} to column look-ups made on this thread until {@link #donePlanning()}. */
    static void planningOn(Connection connection) {
        PLANNING.set(connection);
    }

    static void donePlanning() {
        PLANNING.remove();
    }

    void clear() {
        columns.clear();
        primaryKeys.clear();
    }

    /** The primary key columns, cached like the column order; empty when unknown (no planning connection). */
    @Override
    public List<String> primaryKey(String table) throws SQLException {
        String key = Identifiers.normalize(table);
        List<String> known = primaryKeys.get(key);
        if (known != null) {
            return known;
        }
        Connection connection = PLANNING.get();
        if (connection == null) {
            return List.of();
        }
        DatabaseMetaData md = connection.getMetaData();
        List<String> found = new ArrayList<>();
        for (String candidate : new String[] {key, key.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), candidate)) {
                while (rs.next()) {
                    found.add(rs.getString("COLUMN_NAME"));
                }
            }
            if (!found.isEmpty()) {
                break;
            }
        }
        List<String> read = List.copyOf(found);
        primaryKeys.put(key, read);
        return read;
    }

    @Override
    public List<String> columns(String table) throws SQLException {
        String key = Identifiers.normalize(table);
        List<String> known = columns.get(key);
        if (known != null) {
            return known;
        }
        Connection connection = PLANNING.get();
        if (connection == null) {
            throw new SQLException("The column order of " + key + " is unknown here: list the columns in the INSERT.",
                    "0A000");
        }
        List<String> read = read(connection, key);
        if (read.isEmpty()) {
            throw new SQLException("Table " + key + " was not found in the database metadata, so an INSERT without a "
                    + "column list cannot be matched to its secret columns: list the columns.", "42S02");
        }
        columns.put(key, read);
        return read;
    }

    /**
     * Databases store unquoted names upper-cased (H2), lower-cased (PostgreSQL) or as written (SQLite);
     * the connection's own catalog and schema keep a same-named table elsewhere out.
     */
    private static List<String> read(Connection connection, String name) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String escape = md.getSearchStringEscape();
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
            List<String> found = new ArrayList<>();
            try (ResultSet rs = md.getColumns(catalog, schema, escapePattern(candidate, escape), null)) {
                while (rs.next()) {
                    found.add(rs.getString("COLUMN_NAME"));
                }
            }
            if (!found.isEmpty()) {
                return List.copyOf(found);
            }
        }
        return List.of();
    }

    /** {@code _} and {@code %} in a table name are pattern characters to getColumns. */
    private static String escapePattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
