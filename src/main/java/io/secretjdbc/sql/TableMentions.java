package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;

/**
 * The cheap textual check done before any parse: does the SQL text name a registry table? A
 * case-insensitive whole-word search for each table name, quoted or not. It errs toward "yes": a
 * false positive costs one parse, a false negative would let a statement pass unexamined.
 */
final class TableMentions {

    private final String[] names;

    TableMentions(SecretRegistry registry) {
        this.names = registry.tableNames().toArray(new String[0]);
    }

    /** The first registry table whose name occurs as a word in {@code sql}, or null. No allocation. */
    String firstMentioned(String sql) {
        for (String name : names) {
            if (mentions(sql, name)) {
                return name;
            }
        }
        return null;
    }

    static boolean mentions(String sql, String name) {
        int len = name.length();
        int last = sql.length() - len;
        if (len == 0) {
            return false;
        }
        char first = name.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = 0; i <= last; i++) {
            char c = sql.charAt(i);
            if ((c == first || c == firstUpper || Character.toLowerCase(c) == first)
                    && sql.regionMatches(true, i, name, 0, len)
                    && (i == 0 || !SqlText.isIdentifierPart(sql.charAt(i - 1)) || sql.charAt(i - 1) == '$')
                    && (i + len == sql.length() || !SqlText.isIdentifierPart(sql.charAt(i + len)))) {
                return true;
            }
        }
        return false;
    }
}
