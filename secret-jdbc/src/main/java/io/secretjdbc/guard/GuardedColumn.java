package io.secretjdbc.guard;

/**
 * One secret column as {@link Guard} found it in one table of the database.
 *
 * @param table    the registry table name ({@code creds})
 * @param column   the registry column name ({@code password})
 * @param sqlTable the table as the database names it, qualified and quoted ({@code "public"."creds"}),
 *                 or null when the database lacks the table
 * @param guard    the name of the check (a constraint, or the trigger name prefix on SQLite)
 * @param state    what was found
 */
public record GuardedColumn(String table, String column, String sqlTable, String guard, State state) {

    public enum State {
        /** The database refuses every value that is not NULL, empty or shaped like ciphertext. */
        GUARDED,
        /** The column exists and nothing in the database checks what is written to it. */
        UNGUARDED,
        /** The registry names the table, the database has none of that name. */
        TABLE_MISSING,
        /** The table exists, the column does not. */
        COLUMN_MISSING
    }

    /** {@code creds.password}. */
    public String qualifiedName() {
        return table + "." + column;
    }
}
