package io.secretjdbc.sql;

/**
 * PostgreSQL's and MySQL's {@code UPDATE t SET (a, b) = ROW (x, y)} (jOOQ's row-value update) means
 * {@code SET (a, b) = (x, y)}, which is all the parser reads. For analysis only (the original text is
 * what runs), the keyword ROW directly after {@code =} and before {@code (} is blanked out, so the
 * planner judges the same assignments the database makes. Used only when the text did not parse.
 */
final class RowKeyword {

    private RowKeyword() {
    }

    /**
     * {@code markedSql} with each such ROW replaced by spaces (same length, so positions hold), or null
     * when there is none. Quoted names, literals (already markers) and comments are skipped; a text
     * with a dollar sign (dollar quoting, {@code $N}) is left alone.
     */
    static String blanked(String markedSql) {
        if (markedSql.indexOf('$') >= 0) {
            return null;
        }
        char[] out = null;
        char last = ' ';
        int n = markedSql.length();
        int i = 0;
        while (i < n) {
            char c = markedSql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(markedSql, i, c);
                last = c;
            } else if (markedSql.startsWith("--", i)) {
                int nl = markedSql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (markedSql.startsWith("/*", i)) {
                int close = markedSql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (SqlText.isIdentifierPart(c)) {
                int end = i;
                while (end < n && SqlText.isIdentifierPart(markedSql.charAt(end))) {
                    end++;
                }
                if (last == '=' && end - i == 3 && markedSql.regionMatches(true, i, "ROW", 0, 3)
                        && nextSignificant(markedSql, end) == '(') {
                    out = out == null ? markedSql.toCharArray() : out;
                    java.util.Arrays.fill(out, i, end, ' ');
                }
                last = markedSql.charAt(end - 1);
                i = end;
            } else {
                if (!Character.isWhitespace(c)) {
                    last = c;
                }
                i++;
            }
        }
        return out == null ? null : new String(out);
    }

    /** One past the quote that closes the one at {@code start} (a doubled quote stays inside). */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static char nextSignificant(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() ? sql.charAt(i) : 0;
    }
}
