package io.secretjdbc.guard;

import io.secretjdbc.registry.DatabaseTables;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The second line of defence of reference §8 {@code guard}: for every secret column of the registry, a
 * check inside the database that refuses any value that is not NULL, empty, or shaped like ciphertext.
 * Then a client that is not the driver (another application, a raw connection, SQL built inside a
 * function, a write through a partition) cannot store plaintext there either. CHECK constraints on
 * PostgreSQL, MariaDB/MySQL and H2, BEFORE INSERT / UPDATE triggers on SQLite.
 *
 * <p>Callable from code, for example from a Flyway callback after migrations, or a test:
 * {@code Guard.install(rawConnection, registry)}. Pass a connection of the database's own driver (not
 * a {@code jdbc:secret:} one, which refuses DDL that touches a registry table). Every table of a
 * registry name in any schema is covered (reference §4 ignores qualifiers). Idempotent; names are
 * predictable ({@code sj_guard_<table>_<column>}).
 *
 * <p>What it cannot do: tell ciphertext from plaintext that happens to be 40 or more Base64
 * characters, nor notice ciphertext copied from another row (Kestra's format has no associated data).
 */
public final class Guard {

    private Guard() {
    }

    /** Which secret columns are guarded, unguarded, or missing from the database. Changes nothing. */
    public static List<GuardedColumn> status(Connection raw, SecretRegistry registry) throws SQLException {
        GuardDialect dialect = GuardDialect.of(raw);
        List<GuardedColumn> out = new ArrayList<>();
        for (Object item : walk(raw, registry)) {
            if (item instanceof GuardedColumn missing) {
                out.add(missing);
            } else {
                GuardTarget target = (GuardTarget) item;
                out.add(column(target, dialect.exists(raw, target) ? GuardedColumn.State.GUARDED
                        : GuardedColumn.State.UNGUARDED));
            }
        }
        return out;
    }

    /**
     * Installs the check of every secret column that lacks one. Refuses, before changing anything,
     * when a column already holds values the check would refuse (run {@code migrate} first): a
     * check that existing rows break would be refused by PostgreSQL and never see them on SQLite.
     *
     * @return every column and its state afterwards
     * @throws SQLException naming the columns that still hold values other than ciphertext
     */
    public static List<GuardedColumn> install(Connection raw, SecretRegistry registry) throws SQLException {
        GuardDialect dialect = GuardDialect.of(raw);
        List<Object> items = walk(raw, registry);
        List<String> dirty = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof GuardTarget target && !dialect.exists(raw, target)) {
                long count = violations(raw, dialect, target);
                if (count > 0) {
                    dirty.add(target.registryName() + " in " + target.sqlTable() + " (" + count + " values)");
                }
            }
        }
        if (!dirty.isEmpty()) {
            throw new SQLException("guard not installed: these secret columns hold values that are neither NULL,"
                    + " empty nor ciphertext: " + String.join(", ", dirty) + ". Encrypt them with migrate first"
                    + " (nothing was changed).", "23514");
        }
        return apply(raw, dialect, items, true);
    }

    /** Removes every check {@link #install} adds; columns without one are left as they are. */
    public static List<GuardedColumn> remove(Connection raw, SecretRegistry registry) throws SQLException {
        GuardDialect dialect = GuardDialect.of(raw);
        return apply(raw, dialect, walk(raw, registry), false);
    }

    /** The SQL condition that the check applies to column expression {@code column} on this connection's database. */
    public static String predicate(Connection raw, String column) throws SQLException {
        return GuardDialect.of(raw).predicate(column);
    }

    private static List<GuardedColumn> apply(Connection raw, GuardDialect dialect, List<Object> items, boolean install)
            throws SQLException {
        List<GuardedColumn> out = new ArrayList<>();
        boolean autoCommit = raw.getAutoCommit();
        try (Statement statement = raw.createStatement()) {
            for (Object item : items) {
                if (item instanceof GuardedColumn missing) {
                    out.add(missing);
                    continue;
                }
                GuardTarget target = (GuardTarget) item;
                boolean present = dialect.exists(raw, target);
                if (install && !present) {
                    dialect.install(statement, target);
                } else if (!install && present) {
                    dialect.remove(statement, target);
                }
                if (!autoCommit) {
                    raw.commit();
                }
                out.add(column(target, install ? GuardedColumn.State.GUARDED : GuardedColumn.State.UNGUARDED));
            }
        }
        return out;
    }

    /** The number of stored values the check would refuse. */
    private static long violations(Connection raw, GuardDialect dialect, GuardTarget target) throws SQLException {
        try (Statement statement = raw.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + target.sqlTable() + " WHERE NOT ("
                        + dialect.predicate(target.sqlColumn()) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every secret column of the registry: a {@link GuardTarget} per table found, or a missing {@link GuardedColumn}. */
    private static List<Object> walk(Connection raw, SecretRegistry registry) throws SQLException {
        String quote = raw.getMetaData().getIdentifierQuoteString();
        List<Object> items = new ArrayList<>();
        for (SecretTable table : registry.tables()) {
            if (table.secretColumns().isEmpty()) {
                continue;
            }
            List<DatabaseTables.Found> found = DatabaseTables.find(raw, table.name());
            for (SecretColumn column : table.secretColumns()) {
                if (found.isEmpty()) {
                    items.add(new GuardedColumn(table.name(), column.column(), null, null,
                            GuardedColumn.State.TABLE_MISSING));
                }
                for (DatabaseTables.Found where : found) {
                    String stored = where.column(column.column());
                    GuardTarget target = new GuardTarget(where, column.column(), stored, quote);
                    items.add(stored == null ? new GuardedColumn(table.name(), column.column(), target.sqlTable(),
                            target.name(), GuardedColumn.State.COLUMN_MISSING) : target);
                }
            }
        }
        return items;
    }

    private static GuardedColumn column(GuardTarget target, GuardedColumn.State state) {
        return new GuardedColumn(target.table().registryName(), target.registryColumn(), target.sqlTable(),
                target.name(), state);
    }
}
