package io.secretjdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of a statement as a schema statement is judged by {@link SchemaChange} and {@link DdlJudge}:
 * words (keywords and unquoted names, upper-cased), quoted names (unquoted, case kept), string literals
 * (content dropped), numbers and single punctuation characters. Comments are skipped, with two readings
 * chosen to err toward seeing more: MySQL/MariaDB executable comments ({@code /*! ... *}{@code /},
 * {@code /*M! ... *}{@code /}) are read as their content, and a {@code #} at the start of a line is a
 * comment (MySQL; elsewhere no statement starts with it).
 *
 * <p>Only schema statements are tokenized, once per plan: the hot path never comes here. The same goes
 * for {@link #identifierStart}, the word scan the planner runs over SQL that JSqlParser printed back.
 */
final class Words {

    enum Kind { WORD, QUOTED, STRING, NUMBER, PUNCT }

    /** One token; {@code text} is upper-cased for a word, unquoted for a quoted name or a plain string. */
    record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        /** A word or quoted name: something that can name a table or column. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }

        /** The token as a registry name: lower-cased (a string counts, as SQLite reads {@code 'creds'} as a name). */
        String name() {
            return text.toLowerCase(Locale.ROOT);
        }

        /** Names print as themselves; a string literal never prints its content (it may be a secret). */
        @Override
        public String toString() {
            return kind == Kind.STRING ? "'…'" : text;
        }
    }

    private Words() {
    }

    static List<Token> of(String sql) {
        return of(sql, false);
    }

    /**
     * @param backslashEscapes read {@code \'} inside a string as an escaped quote (MySQL/MariaDB's default),
     *                         not as the end of the string (standard SQL)
     */
    static List<Token> of(String sql, boolean backslashEscapes) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '#' && atLineStart(sql, i)) {
                i = lineEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = afterCommentOpen(sql, i);
            } else if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                i += 2; // the close of an executable comment whose content was read
            } else if (c == '\'') {
                int end = skipQuoted(sql, i + 1, '\'', backslashEscapes);
                // Kept for SQLite, which reads 'creds' in a name position as the name; never printed.
                tokens.add(new Token(Kind.STRING, sql.substring(i + 1, Math.max(i + 1, end - 1))));
                i = end;
            } else if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b')
                    && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = skipQuoted(sql, i + 2, '\'', backslashEscapes || c == 'E' || c == 'e');
                tokens.add(new Token(Kind.STRING, ""));
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? n : close + tag.length();
                tokens.add(new Token(Kind.STRING, ""));
            } else if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = skipQuoted(sql, i + 1, close, false);
                String inner = sql.substring(i + 1, Math.max(i + 1, end - 1));
                tokens.add(new Token(Kind.QUOTED, inner.replace(String.valueOf(close) + close, String.valueOf(close))));
                i = end;
            } else if ((c == 'U' || c == 'u') && i + 2 < n && sql.charAt(i + 1) == '&'
                    && (sql.charAt(i + 2) == '"' || sql.charAt(i + 2) == '\'')) {
                // U&"..." / U&'...': escapes are not decoded here; callers treat the name as unknown.
                char q = sql.charAt(i + 2);
                i = skipQuoted(sql, i + 3, q, false);
                tokens.add(new Token(q == '"' ? Kind.QUOTED : Kind.STRING, q == '"' ? "\u0000" : ""));
            } else if (SqlText.isIdentifierPart(c) && !Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (SqlText.isIdentifierPart(sql.charAt(end)) || sql.charAt(end) == '$')) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end).toUpperCase(Locale.ROOT)));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(i, end)));
                i = end;
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** Index of the first word at or after {@code from} (comments, spaces, '(' and ';' skipped). No allocation. */
    static int firstWordAt(String sql, int from) {
        int n = sql.length();
        int i = from;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '#') {
                i = lineEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = afterCommentOpen(sql, i);
            } else {
                return i;
            }
        }
        return n;
    }

    /** True when the word {@code word} (upper case) stands at {@code i}. No allocation. */
    static boolean wordAt(String sql, int i, String word) {
        int end = i + word.length();
        return sql.regionMatches(true, i, word, 0, word.length())
                && (end == sql.length() || !SqlText.isIdentifierPart(sql.charAt(end)));
    }

    /**
     * Where the next identifier word of {@code text} starts, at or after {@code from}; {@code text.length()}
     * when there is none. With {@link #identifierEnd} this is the one scan for names in printed SQL: an
     * identifier word is a maximal run of the characters {@link SqlText#isIdentifierPart} accepts (letters
     * and digits of any script, {@code _}, {@code $}), the union of what PostgreSQL, MariaDB/MySQL, SQLite
     * and H2 allow in an unquoted name; every other character (space, dot, operator, quote) is a boundary.
     * Nothing is lexed: a word inside a string literal, a comment or a quoted name ({@code "x"}, {@code `x`},
     * {@code [x]}) is a word, and so is a run that starts with a digit ({@code 1x}, a name in MySQL), so a
     * caller sees every place a name may stand and some where none does; callers use it where seeing too many
     * only refuses more. One UTF-16 unit is read at a time: a letter outside the Basic Multilingual Plane
     * is a boundary. No allocation.
     */
    static int identifierStart(String text, int from) {
        int i = from;
        while (i < text.length() && !SqlText.isIdentifierPart(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Where the identifier word starting at {@code start} ends (exclusive); see {@link #identifierStart}. */
    static int identifierEnd(String text, int start) {
        int end = start;
        while (end < text.length() && SqlText.isIdentifierPart(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean atLineStart(String sql, int i) {
        for (int k = i - 1; k >= 0; k--) {
            char c = sql.charAt(k);
            if (c == '\n') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(String sql, int i) {
        int eol = sql.indexOf('\n', i);
        return eol < 0 ? sql.length() : eol + 1;
    }

    /** After {@code /*}: past the whole comment, or past the opener of an executable comment. */
    private static int afterCommentOpen(String sql, int i) {
        int n = sql.length();
        int j = i + 2;
        if (j < n && sql.charAt(j) == 'M' && j + 1 < n && sql.charAt(j + 1) == '!') {
            j++;
        }
        if (j < n && sql.charAt(j) == '!') {
            j++;
            while (j < n && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            return j;
        }
        int close = sql.indexOf("*/", i + 2);
        return close < 0 ? n : close + 2;
    }

    /** Past the closing quote (a doubled quote escapes; a backslash too if {@code backslash}). */
    private static int skipQuoted(String sql, int from, char quote, boolean backslash) {
        int n = sql.length();
        int i = from;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && backslash) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** End of a {@code $tag$} opener at {@code i}, or -1 ({@code $1} is a parameter). */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }
}
