package io.secretjdbc.jdbc;

import io.secretjdbc.registry.DatabaseTables;
import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.sql.ColumnOrder;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
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

    /** Lends {@code connection} to column look-ups made on this thread until {@link #donePlanning()}. */
    static void planningOn(Connection connection) {
        PLANNING.set(connection);
    }

    static void donePlanning() {
        PLANNING.remove();
    }

    void clear() {
        columns.clear();
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
     * The table an unqualified name reaches, found as the tools and the guard find it
     * ({@link DatabaseTables}: names compared as the registry compares them, so H2's upper-cased and
     * PostgreSQL's lower-cased names both match), in the connection's own schema. Two candidates
     * (names differing only in case, or same-named tables in attached databases) are refused: which
     * one the database uses cannot be known here.
     */
    private static List<String> read(Connection connection, String name) throws SQLException {
        List<DatabaseTables.Found> found = DatabaseTables.inCurrentSchema(connection, name);
        if (found.size() > 1) {
            throw new SQLException("Table " + name + " exists " + found.size() + " times where this connection"
                    + " looks (names differing only in case, or several attached databases), so an INSERT without"
                    + " a column list cannot be matched to its secret columns: list the columns.", "42S02");
        }
        return found.isEmpty() ? List.of() : found.get(0).columns();
    }
}
