package io.secretjdbc.sql;

/**
 * Recognises DDL by its first keyword, so the JDBC layer can forget column orders (and the plans made
 * from them) after a table changes. Cheap enough to run on every executed string: no allocation.
 */
public final class SchemaChange {

    private static final String[] KEYWORDS = {"CREATE", "ALTER", "DROP", "RENAME"};

    private SchemaChange() {
    }

    public static boolean startsSchemaChange(String sql) {
        if (sql == null) {
            return false;
        }
        int i = skipSpaceAndComments(sql, 0);
        for (String keyword : KEYWORDS) {
            int end = i + keyword.length();
            if (sql.regionMatches(true, i, keyword, 0, keyword.length())
                    && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaceAndComments(String sql, int from) {
        int i = from;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
