package io.secretjdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pass over SQL text by the lexical rules of the database it goes to ({@link Dialect}). It finds
 * every string literal as the database will read it (escapes decoded, adjacent parts joined where the
 * database joins them), and writes the text the parser gets: literals replaced by numbered markers,
 * comments replaced by a space, {@code U&"..."} names decoded. The parser then sees the token
 * structure the database will run, not a standard-SQL guess at it. Where the database's reading
 * depends on what the driver cannot know (MariaDB's {@code sql_mode}, PostgreSQL's
 * {@code standard_conforming_strings}) or where no exact reading exists ({@link Dialect#UNKNOWN}), the
 * text is marked ambiguous and the planner refuses it if it names a registry table.
 *
 * <p>The shape ({@link SqlText#shape()}) is written in step with the parser's text, with each marker
 * replaced by the kind of its literal and each integer by 0: two texts of one shape give the parser
 * the same text but for literal values, so they lex and plan alike.
 */
final class SqlLexer {

    /** A string where SQLite can only read a table name: after INTO, UPDATE, FROM, JOIN, TABLE, or by a dot. */
    private static final Pattern QUOTED_NAME = Pattern.compile("(?i)(?:(?:\\bINTO|(?<!\\bON\\s)\\bUPDATE(?:\\s+OR\\s+\\w+)?"
            + "|\\bFROM|\\bJOIN|\\bTABLE|\\bUSING)\\s+"
            + "|\\.\\s*)'" + SqlText.MARKER + "\\d+'|'" + SqlText.MARKER + "\\d+'\\s*\\.");

    private final String sql;
    private final Dialect dialect;
    private final int n;
    private final List<SqlText.Literal> literals = new ArrayList<>();
    private final StringBuilder marked;
    private final StringBuilder shape;
    /** Everything before this index of {@link #sql} has been written to {@link #marked} and {@link #shape}. */
    private int copied;
    private final SqlParameters parameters = new SqlParameters();
    private List<String> bracketNames;
    private String ambiguity;
    /** The decoded value of the string being read, and whether it held an escape the modes disagree on. */
    private final StringBuilder value = new StringBuilder();
    /**
     * Where each piece of {@link #marked} came from: triples (marked start, original start, original
     * end), and whether the piece is a verbatim copy; lets a position the parser reports be mapped back
     * to the original text (search rewriting, {@link SqlText#originalOffset}).
     */
    private int[] pieces = new int[48];
    private int pieceCount;
    private boolean[] verbatimPieces = new boolean[16];

    private SqlLexer(String sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
        this.n = sql.length();
        this.marked = new StringBuilder(n + 16);
        this.shape = new StringBuilder(n);
    }

    static SqlText lex(String sql, Dialect dialect) {
        return new SqlLexer(sql, dialect).run();
    }

    private SqlText run() {
        int i = 0;
        while (i < n) {
            i = token(i);
        }
        flush(n);
        // The parser may take INTO 'creds' for a table named by a string; SQLite takes it for the table creds.
        boolean quotedName = !literals.isEmpty() && (dialect == Dialect.SQLITE || dialect == Dialect.UNKNOWN)
                && QUOTED_NAME.matcher(marked).find();
        SqlText text = new SqlText(sql, dialect, List.copyOf(literals), marked.toString(), parameters.portable(),
                bracketNames == null ? List.of() : List.copyOf(bracketNames), shape.toString(), ambiguity, quotedName);
        text.setPositions(java.util.Arrays.copyOf(pieces, pieceCount * 3),
                java.util.Arrays.copyOf(verbatimPieces, pieceCount),
                parameters.onlyPlain() ? parameters.plainPositions() : null);
        return text;
    }

    /** Reads the token at {@code i}; returns the index after it. */
    private int token(int i) {
        char c = sql.charAt(i);
        char next = i + 1 < n ? sql.charAt(i + 1) : 0;
        switch (c) {
            case '?', ':', '@' -> {
                return parameters.scan(sql, i);
            }
            case '\'' -> {
                return string(i, i, Escapes.forPlainString(dialect));
            }
            case '"' -> {
                return doubleQuoted(i);
            }
            case '`' -> {
                return skipTo(i + 1, '`');
            }
            case '[' -> {
                return bracket(i);
            }
            case '-' -> {
                return next == '-' ? dashComment(i) : i + 1;
            }
            case '/' -> {
                if (next == '*') {
                    return blockComment(i);
                }
                if (next == '/' && dialect == Dialect.H2) {
                    return lineComment(i);
                }
                return i + 1;
            }
            case '#' -> {
                if (dialect == Dialect.MARIADB) {
                    return lineComment(i);
                }
                return i + 1;
            }
            case '$' -> {
                return dollar(i);
            }
            default -> {
                if (c >= '0' && c <= '9') {
                    return number(i);
                }
                if (Character.isLetter(c) || c == '_') {
                    return word(i);
                }
                return i + 1;
            }
        }
    }

    // ---- strings ----

    /** How backslashes read inside a string of some form. */
    private enum Escapes {
        /** A backslash is a character ({@code ''} is the only escape). */
        NONE,
        /** Backslash escapes, as the database reads them. */
        BACKSLASH,
        /** Read as NONE, but a backslash makes the text ambiguous: the database's mode decides. */
        NONE_UNLESS_MODE;

        static Escapes forPlainString(Dialect d) {
            return switch (d) {
                case SQLITE, H2 -> NONE;
                // MariaDB: backslash escapes unless NO_BACKSLASH_ESCAPES; PostgreSQL: none unless
                // standard_conforming_strings is off. Either way, the session decides.
                case MARIADB, POSTGRESQL, UNKNOWN -> NONE_UNLESS_MODE;
            };
        }
    }

    /**
     * A quoted string whose opening quote is at {@code quote} (its prefix, if any, starts at {@code start}),
     * plus the parts the database joins to it. Written to the parser's text as one marker.
     */
    private int string(int start, int quote, Escapes escapes) {
        value.setLength(0);
        int end = quotedPart(quote, escapes);
        if (end < 0) {
            return unterminated(start);
        }
        for (int next = continuation(end); next >= 0; next = continuation(end)) {
            end = quotedPart(next, escapes);
            if (end < 0) {
                return unterminated(start);
            }
        }
        literal(start, end, value.toString());
        return end;
    }

    /** Appends the content of the string part at {@code quote} to {@link #value}; the index after it, or -1. */
    private int quotedPart(int quote, Escapes escapes) {
        int valueStart = value.length();
        int end = quotedPartAsRead(quote, escapes);
        if (escapes == Escapes.NONE_UNLESS_MODE && end > 0 && sql.indexOf('\\', quote) >= 0
                && sql.indexOf('\\', quote) < end && !sameUnderOtherMode(quote, end, valueStart)) {
            ambiguous(dialect == Dialect.MARIADB
                    ? "a backslash in a string, which MariaDB reads as an escape unless sql_mode has NO_BACKSLASH_ESCAPES"
                    : "a backslash in a string, which PostgreSQL reads as an escape when standard_conforming_strings"
                    + " is off (and MariaDB always)");
        }
        return end;
    }

    /**
     * Whether the other session mode reads the string at {@code quote} alike: it ends at the same quote
     * (so every later token, every {@code ?} included, is the same) with the same value, or it never ends
     * (the database then refuses the whole statement, so nothing runs). A value that differs is accepted
     * only as the {@code ESCAPE} character of a LIKE ({@code LIKE ? ESCAPE '\'}, as Hibernate writes it):
     * it is never stored.
     */
    private boolean sameUnderOtherMode(int quote, int end, int valueStart) {
        boolean otherEscapes = dialect != Dialect.MARIADB; // MariaDB reads escapes by default, the others do not
        char q = sql.charAt(quote);
        StringBuilder other = new StringBuilder();
        int i = quote + 1;
        int otherEnd = -1;
        while (i < n) {
            char d = sql.charAt(i);
            if (d == '\\' && otherEscapes) {
                if (i + 1 < n) {
                    other.append(sql.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            if (d == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    other.append(q);
                    i += 2;
                    continue;
                }
                otherEnd = i + 1;
                break;
            }
            other.append(d);
            i++;
        }
        if (otherEnd < 0) {
            return true;
        }
        if (otherEnd != end) {
            return false;
        }
        return other.toString().equals(value.substring(valueStart)) || followsEscapeKeyword(quote);
    }

    /** The word before {@code quote}, white space skipped, is ESCAPE. */
    private boolean followsEscapeKeyword(int quote) {
        int j = quote - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        int wordEnd = j + 1;
        while (j >= 0 && Character.isLetter(sql.charAt(j))) {
            j--;
        }
        return wordEnd - (j + 1) == 6 && sql.regionMatches(true, j + 1, "ESCAPE", 0, 6);
    }

    /** Appends the content of the string part at {@code quote}, read as the driver reads it; the end, or -1. */
    private int quotedPartAsRead(int quote, Escapes escapes) {
        char q = sql.charAt(quote);
        int i = quote + 1;
        while (i < n) {
            char d = sql.charAt(i);
            if (d == '\\' && (escapes == Escapes.BACKSLASH
                    || escapes == Escapes.NONE_UNLESS_MODE && dialect == Dialect.MARIADB)) {
                if (i + 1 >= n) {
                    return -1;
                }
                value.append(unescape(sql.charAt(i + 1)));
                i += 2;
                continue;
            }
            if (d == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    value.append(q);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            value.append(d);
            i++;
        }
        return -1;
    }

    /** C-style escapes as PostgreSQL's {@code E'...'} and MariaDB read them (octal and hex forms refused). */
    private char unescape(char e) {
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case '0' -> {
                if (dialect != Dialect.MARIADB) {
                    ambiguous("an octal escape in an E'...' string");
                }
                yield '\0';
            }
            case 'Z' -> dialect == Dialect.MARIADB ? (char) 26 : 'Z';
            default -> {
                if ((e >= '1' && e <= '7' || e == 'x' || e == 'u' || e == 'U') && dialect == Dialect.POSTGRESQL) {
                    ambiguous("an octal, hex or Unicode escape in an E'...' string");
                }
                if ((e == '%' || e == '_') && dialect == Dialect.MARIADB) {
                    value.append('\\'); // MariaDB keeps the backslash of \% and \_
                }
                yield e;
            }
        };
    }

    /**
     * Where the database joins a following string to the one that ended at {@code end}: MariaDB joins
     * strings separated by white space or comments, PostgreSQL strings separated by white space holding a
     * line break. The opening quote of the next part, or -1.
     */
    private int continuation(int end) {
        int j = end;
        boolean newline = false;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\n' || c == '\r') {
                newline = true;
                j++;
            } else if (Character.isWhitespace(c)) {
                j++;
            } else if (c == '-' && j + 1 < n && sql.charAt(j + 1) == '-' && (newline || dialect == Dialect.MARIADB)) {
                int nl = sql.indexOf('\n', j);
                if (nl < 0) {
                    return -1;
                }
                j = nl;
            } else if (c == '#' && dialect == Dialect.MARIADB) {
                int nl = sql.indexOf('\n', j);
                if (nl < 0) {
                    return -1;
                }
                j = nl;
            } else if (c == '/' && j + 1 < n && sql.charAt(j + 1) == '*' && dialect == Dialect.MARIADB
                    && !(j + 2 < n && (sql.charAt(j + 2) == '!' || sql.charAt(j + 2) == 'M'))) {
                int close = sql.indexOf("*/", j + 2);
                if (close < 0) {
                    return -1;
                }
                j = close + 2;
            } else {
                break;
            }
        }
        if (j >= n || sql.charAt(j) != '\'' || j == end) {
            return -1;
        }
        return switch (dialect) {
            case MARIADB -> j;
            case POSTGRESQL -> newline ? j : -1;
            case SQLITE, H2 -> -1;
            case UNKNOWN -> {
                ambiguous("two string literals separated only by white space, which MariaDB and PostgreSQL join into one");
                yield -1;
            }
        };
    }

    private void literal(int start, int end, String content) {
        flush(start);
        int index = literals.size();
        piece(start, end, false);
        marked.append('\'').append(SqlText.MARKER).append(index).append('\'');
        char kind = content.isEmpty() ? 'e' : content.indexOf('\\') >= 0 ? 'b' : 'v';
        shape.append('\'').append(kind).append('\'');
        copied = end;
        literals.add(new SqlText.Literal(start, end, content));
    }

    /** {@code "..."}: a name everywhere but MariaDB, where it is a string unless ANSI_QUOTES is on. */
    private int doubleQuoted(int i) {
        if (dialect == Dialect.MARIADB) {
            ambiguous("a double-quoted token, which MariaDB and MySQL read as a string unless sql_mode has ANSI_QUOTES"
                    + " and other databases as a name");
            value.setLength(0);
            int end = quotedPart(i, Escapes.BACKSLASH);
            return end < 0 ? unterminated(i) : end;
        }
        return skipTo(i + 1, '"');
    }

    /** {@code U&'...'} or {@code U&"..."} at {@code i} (PostgreSQL, H2), with an optional UESCAPE clause. */
    private int unicode(int i) {
        int quote = i + 2;
        value.setLength(0);
        int end = quotedPart(quote, Escapes.NONE);
        if (end < 0) {
            return unterminated(i);
        }
        String raw = value.toString();
        char escape = '\\';
        int after = end;
        int u = skipSpace(end);
        if (sql.regionMatches(true, u, "UESCAPE", 0, 7)) {
            int q = skipSpace(u + 7);
            if (q + 2 < n && sql.charAt(q) == '\'' && sql.charAt(q + 2) == '\'') {
                escape = sql.charAt(q + 1);
                after = q + 3;
            } else {
                ambiguous("a UESCAPE clause that is not one quoted character");
                return end;
            }
        }
        String decoded = UnicodeEscapes.decode(raw, escape);
        if (decoded == null) {
            ambiguous("a U&'...' or U&\"...\" token whose escapes cannot be read");
            return after;
        }
        if (dialect == Dialect.UNKNOWN && !decoded.equals(raw)) {
            ambiguous("a U&\"...\" token with escapes, which PostgreSQL and H2 decode and other databases do not");
        }
        if (sql.charAt(quote) == '\'') {
            if (continuation(after) >= 0) {
                ambiguous("a U&'...' string continued by another string");
            }
            literal(i, after, decoded);
        } else {
            flush(i);
            String name = '"' + decoded.replace("\"", "\"\"") + '"';
            piece(i, after, false);
            marked.append(name);
            shape.append(name);
            copied = after;
        }
        return after;
    }

    private int skipSpace(int i) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A word: a name, a keyword, or the prefix of a string ({@code E'...'}, {@code U&'...'}). */
    private int word(int i) {
        char c = sql.charAt(i);
        boolean startsToken = i == 0 || !SqlText.isIdentifierPart(sql.charAt(i - 1));
        if (startsToken && (c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
                && (dialect == Dialect.POSTGRESQL || dialect == Dialect.UNKNOWN)) {
            return string(i, i + 1, dialect == Dialect.POSTGRESQL ? Escapes.BACKSLASH : Escapes.NONE_UNLESS_MODE);
        }
        if (startsToken && (c == 'U' || c == 'u') && i + 2 < n && sql.charAt(i + 1) == '&'
                && (sql.charAt(i + 2) == '\'' || sql.charAt(i + 2) == '"')
                && (dialect == Dialect.POSTGRESQL || dialect == Dialect.H2 || dialect == Dialect.UNKNOWN)) {
            return unicode(i);
        }
        int end = i + 1;
        while (end < n && SqlText.isIdentifierPart(sql.charAt(end))) {
            end++;
        }
        return end;
    }

    // ---- names ----

    /** {@code [name]}: a quoted name on SQLite (and SQL Server) wherever it stands; an array index elsewhere. */
    private int bracket(int i) {
        int close = sql.indexOf(']', i + 1);
        String name = close < 0 ? "" : sql.substring(i + 1, close).trim();
        if (!name.isEmpty()) {
            bracketNames = bracketNames == null ? new ArrayList<>(2) : bracketNames;
            bracketNames.add(name);
        }
        return isSqlServerBracket(i) ? (close < 0 ? n : close + 1) : i + 1;
    }

    /** {@code [name]} is an identifier only where an identifier can start; {@code a[1]} is an array index. */
    private boolean isSqlServerBracket(int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        return j < 0 || !(SqlText.isIdentifierPart(sql.charAt(j)) || sql.charAt(j) == ')' || sql.charAt(j) == ']');
    }

    // ---- comments ----

    /** {@code --}: a comment to the end of the line; on MariaDB only before white space or a control character. */
    private int dashComment(int i) {
        if (dialect == Dialect.MARIADB) {
            char after = i + 2 < n ? sql.charAt(i + 2) : ' ';
            if (!(after <= ' ' || Character.isWhitespace(after))) {
                ambiguous("'--' not followed by a space, which MariaDB and MySQL read as two minus signs and"
                        + " other databases as a comment");
                return i + 2;
            }
        }
        return lineComment(i);
    }

    private int lineComment(int i) {
        int nl = sql.indexOf('\n', i);
        int end = nl < 0 ? n : nl + 1;
        comment(i, end);
        return end;
    }

    /** {@code /* ... *}{@code /}: nested on PostgreSQL; executed on MariaDB when it starts {@code /*!} or {@code /*M!}. */
    private int blockComment(int i) {
        if (dialect == Dialect.MARIADB) {
            if (sql.startsWith("/*!", i) || sql.regionMatches(true, i, "/*M!", 0, 4)) {
                ambiguous("a /*! ... */ or /*M! ... */ comment, whose content MariaDB and MySQL run as SQL");
            }
        }
        int depth = 1;
        int j = i + 2;
        while (j < n && depth > 0) {
            if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
            } else if (sql.startsWith("/*", j)) {
                if (dialect == Dialect.POSTGRESQL) {
                    depth++;
                } else if (dialect != Dialect.MARIADB && dialect != Dialect.SQLITE) {
                    ambiguous("a comment holding '/*', which PostgreSQL reads as a nested comment and others do not");
                }
                j += 2;
            } else {
                j++;
            }
        }
        if (depth > 0) {
            return unterminated(i);
        }
        comment(i, j);
        return j;
    }

    private void comment(int start, int end) {
        flush(start);
        piece(start, end, false);
        marked.append(' ');
        shape.append(' ');
        copied = end;
    }

    // ---- dollars and numbers ----

    /** {@code $tag$...$tag$} or {@code $$...$$} strings (PostgreSQL; {@code $$} only on H2), else a parameter. */
    private int dollar(int i) {
        if (i > 0 && SqlText.isIdentifierPart(sql.charAt(i - 1))) {
            return i + 1; // part of a name (x$y)
        }
        if (dialect == Dialect.SQLITE || dialect == Dialect.MARIADB) {
            return parameters.scan(sql, i);
        }
        int j = i + 1;
        if (dialect != Dialect.H2) {
            while (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                    || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
                j++;
            }
        }
        if (j < n && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            if (close < 0) {
                return unterminated(i);
            }
            if (dialect == Dialect.UNKNOWN) {
                ambiguous("a dollar-quoted string, which only some databases read as a string");
            }
            literal(i, close + tag.length(), sql.substring(j + 1, close));
            return close + tag.length();
        }
        return parameters.scan(sql, i);
    }

    private int number(int i) {
        int end = i + 1;
        while (end < n && sql.charAt(end) >= '0' && sql.charAt(end) <= '9') {
            end++;
        }
        if (isInteger(i, end)) {
            flush(i);
            piece(i, end, true);
            marked.append(sql, i, end);
            shape.append('0');
            copied = end;
        }
        return end;
    }

    /**
     * Digits from {@code start} to {@code end} are a whole integer literal: not part of a name
     * ({@code t1}), a decimal or exponent ({@code 1.5}, {@code 1e5}, {@code 0x1F}), or a parameter or
     * variable ({@code ?1 $1 :1 @1 #1}).
     */
    private boolean isInteger(int start, int end) {
        if (start > 0) {
            char before = sql.charAt(start - 1);
            if (SqlText.isIdentifierPart(before) || before == '.' || before == '?' || before == ':' || before == '@'
                    || before == '#') {
                return false;
            }
        }
        return end == n || !(SqlText.isIdentifierPart(sql.charAt(end)) || sql.charAt(end) == '.');
    }

    // ---- bookkeeping ----

    private int skipTo(int from, char close) {
        int end = sql.indexOf(close, from);
        return end < 0 ? unterminated(from - 1) : end + 1;
    }

    /** A quote or comment that never closes: the database will fail on it, the planner refuses it. */
    private int unterminated(int start) {
        ambiguous("a quote or comment that is never closed");
        return n;
    }

    private void ambiguous(String why) {
        if (ambiguity == null) {
            ambiguity = why;
        }
    }

    /** Records that the next text appended to {@link #marked} stands for {@code sql[start, end)}. */
    private void piece(int start, int end, boolean copy) {
        if (pieceCount * 3 + 3 > pieces.length) {
            pieces = java.util.Arrays.copyOf(pieces, pieces.length * 2);
        }
        if (pieceCount >= verbatimPieces.length) {
            verbatimPieces = java.util.Arrays.copyOf(verbatimPieces, verbatimPieces.length * 2);
        }
        pieces[pieceCount * 3] = marked.length();
        pieces[pieceCount * 3 + 1] = start;
        pieces[pieceCount * 3 + 2] = end;
        verbatimPieces[pieceCount++] = copy;
    }

    private void flush(int upTo) {
        if (upTo > copied) {
            piece(copied, upTo, true);
            marked.append(sql, copied, upTo);
            shape.append(sql, copied, upTo);
            copied = upTo;
        }
    }
}
