package io.secretjdbc.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A single pass over SQL text that finds the string literals, with exact positions, skipping
 * comments, quoted identifiers and dollar-quoted strings. The planner parses a copy of the text in
 * which every literal's content is replaced by a numbered marker, so each parsed string value says
 * which span of the original text it came from; rendering then replaces spans of the original text.
 */
final class SqlText {

    /** Prefix of the marker literals; a parsed string that does not start with it came from elsewhere. */
    static final String MARKER = "\u00a7sjlit";

    /** A quoted string literal: {@code start} is the opening quote, {@code end} is one past the closing one. */
    record Literal(int start, int end, String value) {
    }

    private final String sql;
    private final List<Literal> literals;
    private final String markedSql;

    private SqlText(String sql, List<Literal> literals, String markedSql) {
        this.sql = sql;
        this.literals = literals;
        this.markedSql = markedSql;
    }

    String sql() {
        return sql;
    }

    List<Literal> literals() {
        return literals;
    }

    /** The text to parse: the original with each literal's content replaced by its marker. */
    String markedSql() {
        return markedSql;
    }

    /** The literal a parsed string value stands for, or null if the value is not one of our markers. */
    Literal literalOf(String parsedValue) {
        if (parsedValue == null || !parsedValue.startsWith(MARKER)) {
            return null;
        }
        try {
            int i = Integer.parseInt(parsedValue.substring(MARKER.length()));
            return i >= 0 && i < literals.size() ? literals.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static SqlText lex(String sql) {
        List<Literal> literals = new ArrayList<>();
        StringBuilder marked = new StringBuilder(sql.length() + 16);
        int n = sql.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (end < n) {
                    char d = sql.charAt(end);
                    if (d == '\'') {
                        if (end + 1 < n && sql.charAt(end + 1) == '\'') {
                            value.append('\'');
                            end += 2;
                            continue;
                        }
                        closed = true;
                        end++;
                        break;
                    }
                    value.append(d);
                    end++;
                }
                if (!closed) {
                    // Unterminated: leave the rest as it is; the parser will fail on it.
                    break;
                }
                marked.append(sql, copied, i).append('\'').append(MARKER).append(literals.size()).append('\'');
                copied = end;
                literals.add(new Literal(i, end, value.toString()));
                i = end;
            } else if (c == '"' || c == '`') {
                i = skipTo(sql, i + 1, c);
            } else if (c == '[' && isSqlServerBracket(sql, i)) {
                i = skipTo(sql, i + 1, ']');
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                i = skipDollarQuoted(sql, i);
            } else {
                i++;
            }
        }
        marked.append(sql, copied, n);
        return new SqlText(sql, List.copyOf(literals), marked.toString());
    }

    private static int skipTo(String sql, int from, char close) {
        int end = sql.indexOf(close, from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** {@code [name]} is an identifier only where an identifier can start; {@code a[1]} is an array index. */
    private static boolean isSqlServerBracket(String sql, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        return j < 0 || !(isIdentifierPart(sql.charAt(j)) || sql.charAt(j) == ')' || sql.charAt(j) == ']');
    }

    /** Skips {@code $$...$$} or {@code $tag$...$tag$}; a plain {@code $1} parameter is one character. */
    private static int skipDollarQuoted(String sql, int i) {
        int n = sql.length();
        int j = i + 1;
        while (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < n && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.length();
        }
        return i + 1;
    }

    static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
