package io.secretjdbc.sql;

/**
 * The one classifier of schema-changing statements. The {@link Plan} answers
 * {@link Plan#changesSchema()} from it, so the JDBC layer forgets column orders (and the plans made from
 * them) after exactly the statements the planner treats as DDL; {@link StatementPlanner} lets a parsed
 * DDL statement pass on the same answer. Cheap enough for every plan: no allocation.
 *
 * <p>A statement changes the schema when any of its statements (the text after each {@code ;} is looked
 * at too: PostgreSQL and MariaDB run several per execute) starts with CREATE, ALTER, DROP, RENAME,
 * TRUNCATE (MariaDB and H2 recreate the table), IMPORT (PostgreSQL's IMPORT FOREIGN SCHEMA), or SQLite's
 * ATTACH / DETACH (which change what a table name resolves to). Leading comments, {@code #} lines and
 * {@code (} are skipped; erring toward "changes" costs only a refilled cache.
 */
public final class SchemaChange {

    private static final String[] KEYWORDS = {"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "IMPORT", "ATTACH",
            "DETACH"};

    private SchemaChange() {
    }

    public static boolean startsSchemaChange(String sql) {
        if (sql == null) {
            return false;
        }
        if (startsWithKeyword(sql, Words.firstWordAt(sql, 0))) {
            return true;
        }
        for (int semicolon = sql.indexOf(';'); semicolon >= 0; semicolon = sql.indexOf(';', semicolon + 1)) {
            if (startsWithKeyword(sql, Words.firstWordAt(sql, semicolon + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithKeyword(String sql, int i) {
        for (String keyword : KEYWORDS) {
            if (Words.wordAt(sql, i, keyword)) {
                return true;
            }
        }
        return false;
    }
}
