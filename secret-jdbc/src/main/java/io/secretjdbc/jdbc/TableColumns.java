package io.secretjdbc.jdbc;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.sql.ColumnOrder;
import io.secretjdbc.sql.Plan;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column order the database applies to {@code INSERT INTO t VALUES (...)}, for the exact table the
 * statement names, read the way the database resolves the name: SQLite's {@code pragma_table_xinfo}
 * (TEMP before main before attached databases; generated and hidden columns are not positional),
 * PostgreSQL's {@code ::regclass} (search path, {@code pg_temp}, quoting; generated columns take a
 * position), MariaDB's {@code SHOW COLUMNS} (temporary tables shadow; INVISIBLE columns have no
 * position), H2's visible columns. A name that cannot be resolved exactly fails, so the INSERT is refused.
 *
 * <p>The planner asks during a plan-cache miss ({@link #columns}, cached per name until DDL through this
 * driver); every execution of such a plan asks again, uncached ({@link #check}), because DDL from another
 * connection or process, in a batch, or rolled back changes the order without this driver knowing.
 */
final class TableColumns implements ColumnOrder {

    private static final ThreadLocal<Connection> PLANNING = new ThreadLocal<>();
    /** One name part: unquoted, or quoted with the database's quotes. */
    private static final String PART = "(?:\"(?:[^\"]|\"\")+\"|`(?:[^`]|``)+`|\\[[^\\]]+\\]|'(?:[^']|'')+'|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern NAME = Pattern.compile("(?:(" + PART + ")\\.)?(" + PART + ")");

    private final Map<String, List<String>> columns = new ConcurrentHashMap<>();
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    /** Lends {@code connection} to column look-ups made on this thread until {@link #donePlanning()}. */
    static void planningOn(Connection connection) {
        PLANNING.set(connection);
    }

    /** The connection lent to this thread's planning, or null. */
    static Connection planningConnection() {
        return PLANNING.get();
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
        List<String> known = columns.get(table);
        if (known != null) {
            return known;
        }
        Connection connection = PLANNING.get();
        if (connection == null) {
            throw new SQLException("The column order of a table is unknown here: list the columns in the INSERT.",
                    "0A000");
        }
        List<String> read = read(delegateOf(connection), table);
        columns.put(table, read);
        return read;
    }

    /**
     * Before an execution of {@code insert}: throws unless the table has, on {@code connection} and now,
     * the column order the values were matched to when the statement was planned.
     */
    static void check(Connection connection, Plan.PositionalInsert insert) throws SQLException {
        List<String> now = read(delegateOf(connection), insert.table());
        if (!sameNames(now, insert.columns())) {
            throw new StaleColumnOrder();
        }
    }

    /** {@link #check} as a boolean. */
    static boolean matches(Connection connection, Plan.PositionalInsert insert) throws SQLException {
        return sameNames(read(delegateOf(connection), insert.table()), insert.columns());
    }

    /** Thrown by {@link #check}: the caller re-plans (a Statement) or refuses (a prepared statement). */
    static final class StaleColumnOrder extends SQLException {
        StaleColumnOrder() {
            super("The columns of a secret table changed since this INSERT without a column list was planned, so"
                    + " its values no longer match the columns they were encrypted for; nothing was sent. Prepare"
                    + " the statement again, or better, list the columns: INSERT INTO t (a, b, ...) VALUES (...).",
                    "0A000");
        }
    }

    private static boolean sameNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Connection delegateOf(Connection connection) {
        return connection instanceof SecretConnection secret ? secret.delegate() : connection;
    }

    /** The positional columns of {@code table} (as written) on {@code connection} (a delegate connection). */
    static List<String> read(Connection connection, String table) throws SQLException {
        Matcher m = NAME.matcher(table == null ? "" : table.trim());
        if (!m.matches()) {
            throw unresolved();
        }
        String qualifier = m.group(1);
        String name = m.group(2);
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        List<String> found;
        if (product.contains("sqlite")) {
            found = sqlite(connection, qualifier == null ? null : unquote(qualifier), unquote(name));
        } else if (product.contains("postgres")) {
            found = query(connection, "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", 1, table.trim());
        } else if (product.contains("mariadb") || product.contains("mysql")) {
            found = mariadb(connection, qualifier, name);
        } else if (product.contains("h2")) {
            found = query(connection, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                    + "COALESCE(?, SCHEMA()) AND TABLE_NAME = ? AND IS_VISIBLE ORDER BY ORDINAL_POSITION", 1,
                    qualifier == null ? null : h2Name(qualifier), h2Name(name));
        } else {
            throw new SQLException("secret-jdbc cannot read the exact column order of a table on "
                    + connection.getMetaData().getDatabaseProductName() + ", so an INSERT into a secret table"
                    + " without a column list is refused: list the columns.", "0A000");
        }
        if (found.isEmpty()) {
            throw unresolved();
        }
        return List.copyOf(found);
    }

    private static SQLException unresolved() {
        return new SQLException("The table of an INSERT without a column list could not be resolved exactly in the"
                + " database, so its values cannot be matched to secret columns: list the columns.", "42S02");
    }

    private static List<String> sqlite(Connection connection, String schema, String name) throws SQLException {
        String sql = schema == null ? "SELECT name, hidden FROM pragma_table_xinfo(?)"
                : "SELECT name, hidden FROM pragma_table_xinfo(?, ?)";
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name);
            if (schema != null) {
                ps.setString(2, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(2) == 0) { // 1: hidden (virtual tables), 2 and 3: generated: no position
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** SHOW COLUMNS resolves temporary tables as the INSERT will; the name is the statement's own text. */
    private static List<String> mariadb(Connection connection, String qualifier, String name) throws SQLException {
        String target = (qualifier == null ? "" : backticked(qualifier) + ".") + backticked(name);
        List<String> found = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW COLUMNS FROM " + target)) {
            while (rs.next()) {
                String extra = rs.getString("Extra");
                if (extra == null || !extra.toUpperCase(Locale.ROOT).contains("INVISIBLE")) {
                    found.add(rs.getString("Field"));
                }
            }
        }
        return found;
    }

    private static String backticked(String part) {
        return "`" + unquote(part).replace("`", "``") + "`";
    }

    private static List<String> query(Connection connection, String sql, int column, String... args)
            throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(column));
                }
            }
        }
        return found;
    }

    /** H2 stores unquoted names upper-cased; a quoted one as written. */
    private static String h2Name(String part) {
        char first = part.charAt(0);
        return first == '"' || first == '`' || first == '[' ? unquote(part) : part.toUpperCase(Locale.ROOT);
    }

    private static String unquote(String part) {
        char first = part.charAt(0);
        if (part.length() >= 2 && (first == '"' || first == '`' || first == '\'')) {
            String quote = String.valueOf(first);
            return part.substring(1, part.length() - 1).replace(quote + quote, quote);
        }
        if (first == '[' && part.endsWith("]")) {
            return part.substring(1, part.length() - 1);
        }
        return part;
    }
}
