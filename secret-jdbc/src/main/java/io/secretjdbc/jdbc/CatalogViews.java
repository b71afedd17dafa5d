package io.secretjdbc.jdbc;

import io.secretjdbc.sql.ViewCatalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lists the database's views from its catalog, on the delegate of the connection that is planning (lent
 * by {@link TableColumns#planningOn}; the delegate, so the driver's own planning is not re-entered):
 * PostgreSQL's dependency graph ({@code pg_depend} of each view's rewrite rule, materialized views
 * included: the relations it reads, however its text names them), and the stored definitions of
 * MariaDB/MySQL, H2 and SQLite views. Other databases: none listed (README, security).
 */
final class CatalogViews implements ViewCatalog {

    private static final String POSTGRESQL = "SELECT v.relname, string_agg(DISTINCT t.relname, ' ') FROM pg_depend d"
            + " JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class"
            + " JOIN pg_class t ON t.oid = d.refobjid WHERE d.classid = 'pg_rewrite'::regclass"
            + " AND d.refclassid = 'pg_class'::regclass AND v.oid <> t.oid AND v.relkind IN ('v', 'm')"
            + " GROUP BY v.relname";
    private static final String MARIADB = "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
            + " WHERE TABLE_SCHEMA = DATABASE()";
    private static final String H2 = "SELECT TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS";
    private static final String SQLITE = "SELECT name, sql FROM sqlite_master WHERE type = 'view'"
            + " UNION ALL SELECT name, sql FROM sqlite_temp_master WHERE type = 'view'";

    @Override
    public Map<String, String> views() throws SQLException {
        Connection planning = TableColumns.planningConnection();
        if (planning == null) {
            return null;
        }
        Connection connection = planning instanceof SecretConnection secret ? secret.delegate() : planning;
        try {
            return read(connection);
        } catch (RuntimeException e) {
            // A delegate that breaks the JDBC contract here: the catalog is unknown, as when it cannot be read.
            throw new SQLException("the catalog's views could not be read", e);
        }
    }

    private static Map<String, String> read(Connection connection) throws SQLException {
        java.sql.DatabaseMetaData md = connection.getMetaData();
        String name = md == null ? null : md.getDatabaseProductName();
        String product = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String sql = product.contains("postgres") ? POSTGRESQL
                : product.contains("mariadb") || product.contains("mysql") ? MARIADB
                : product.contains("h2") ? H2
                : product.contains("sqlite") ? SQLITE : null;
        Map<String, String> views = new HashMap<>();
        if (sql == null) {
            return views;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String text = rs.getString(2);
                views.put(rs.getString(1), text == null || text.isBlank() ? null : text);
            }
        }
        return views;
    }
}
