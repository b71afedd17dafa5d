package io.secretjdbc.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The database-side check of reference §8 {@code guard}, per database: a value is accepted when it is
 * NULL, empty, or shaped like the ciphertext of reference §3 (standard Base64 alphabet, {@code =} padding
 * only at the end and at most two, a length that is a multiple of 4 and at least 40: the Base64 of
 * 12 IV bytes, one plaintext byte and 16 tag bytes).
 *
 * <p>Regular expressions differ at the end of the text: Java (H2) and PCRE (MariaDB) let {@code $}
 * match before a final newline, so H2 uses {@code \z} and MariaDB also refuses any character outside
 * the alphabet; PostgreSQL's {@code $} is the end. MariaDB's {@code =} ignores trailing spaces
 * (PAD SPACE collations), so emptiness is tested by length everywhere.
 */
enum GuardDialect {

    POSTGRESQL {
        @Override
        String predicate(String c) {
            return c + " IS NULL OR char_length(" + c + ") = 0 OR (char_length(" + c + ") >= 40 AND char_length(" + c
                    + ") % 4 = 0 AND " + c + " ~ '^[A-Za-z0-9+/]+={0,2}$')";
        }

        @Override
        boolean exists(Connection raw, GuardTarget target) throws SQLException {
            return found(raw, "SELECT 1 FROM pg_constraint WHERE conrelid = CAST(? AS regclass) AND conname = ?",
                    target.sqlTable(), target.name());
        }
    },

    MARIADB {
        @Override
        String predicate(String c) {
            return c + " IS NULL OR CHAR_LENGTH(" + c + ") = 0 OR (CHAR_LENGTH(" + c + ") >= 40 AND CHAR_LENGTH(" + c
                    + ") % 4 = 0 AND " + c + " NOT REGEXP '[^A-Za-z0-9+/=]' AND " + c
                    + " REGEXP '^[A-Za-z0-9+/]+={0,2}$')";
        }

        @Override
        boolean exists(Connection raw, GuardTarget target) throws SQLException {
            return found(raw, "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?"
                    + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ? AND CONSTRAINT_TYPE = 'CHECK'",
                    target.table().catalog(), target.table().name(), target.name());
        }
    },

    H2 {
        @Override
        String predicate(String c) {
            return c + " IS NULL OR CHAR_LENGTH(" + c + ") = 0 OR (CHAR_LENGTH(" + c + ") >= 40 AND MOD(CHAR_LENGTH("
                    + c + "), 4) = 0 AND REGEXP_LIKE(" + c + ", '^[A-Za-z0-9+/]+={0,2}\\z'))";
        }

        @Override
        boolean exists(Connection raw, GuardTarget target) throws SQLException {
            return found(raw, "SELECT 1 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?"
                    + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
                    target.table().schema(), target.table().name(), target.name());
        }
    },

    /**
     * SQLite cannot add a constraint to an existing table: two triggers raise an error instead.
     * {@code typeof} refuses a BLOB, which a TEXT column of SQLite stores as it is.
     */
    SQLITE {
        @Override
        String predicate(String c) {
            return c + " IS NULL OR (typeof(" + c + ") = 'text' AND (length(" + c + ") = 0 OR (length(" + c
                    + ") >= 40 AND length(" + c + ") % 4 = 0 AND " + c + " NOT GLOB '*[^A-Za-z0-9+/=]*' AND "
                    + c + " NOT GLOB '*=*[^=]*' AND " + c + " NOT GLOB '*===*')))";
        }

        @Override
        boolean exists(Connection raw, GuardTarget target) throws SQLException {
            return found(raw, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", target.name() + "_insert")
                    && found(raw, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                            target.name() + "_update");
        }

        @Override
        void install(Statement statement, GuardTarget target) throws SQLException {
            String message = "'secret-jdbc guard: " + target.registryName().replace("'", "''")
                    + " accepts only NULL, empty or ciphertext'";
            for (String event : new String[] {"insert", "update"}) {
                statement.execute("CREATE TRIGGER IF NOT EXISTS " + target.quoted("_" + event) + " BEFORE "
                        + event.toUpperCase(Locale.ROOT) + ("update".equals(event) ? " OF " + target.sqlColumn() : "")
                        + " ON " + target.sqlTable() + " FOR EACH ROW WHEN NOT (" + predicate("NEW." + target.sqlColumn())
                        + ") BEGIN SELECT RAISE(ABORT, " + message + "); END");
            }
        }

        @Override
        void remove(Statement statement, GuardTarget target) throws SQLException {
            statement.execute("DROP TRIGGER IF EXISTS " + target.quoted("_insert"));
            statement.execute("DROP TRIGGER IF EXISTS " + target.quoted("_update"));
        }
    };

    /** The SQL condition that holds for NULL, empty and ciphertext-shaped values of column expression {@code c}. */
    abstract String predicate(String c);

    /** True when the check of this target is in the database. */
    abstract boolean exists(Connection raw, GuardTarget target) throws SQLException;

    /** Adds the check; only called when {@link #exists} said no. */
    void install(Statement statement, GuardTarget target) throws SQLException {
        statement.execute("ALTER TABLE " + target.sqlTable() + " ADD CONSTRAINT " + target.quoted("") + " CHECK ("
                + predicate(target.sqlColumn()) + ")");
    }

    void remove(Statement statement, GuardTarget target) throws SQLException {
        statement.execute("ALTER TABLE " + target.sqlTable() + " DROP CONSTRAINT IF EXISTS " + target.quoted(""));
    }

    /** The dialect of a connection, from its product name; SQLException for a database guard does not know. */
    static GuardDialect of(Connection raw) throws SQLException {
        String product = raw.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return MARIADB;
        }
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("sqlite")) {
            return SQLITE;
        }
        throw new SQLException("guard knows SQLite, PostgreSQL, MariaDB/MySQL and H2, not " + product
                + ": add a check constraint by hand (see the README's guard section)", "0A000");
    }

    private static boolean found(Connection raw, String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
