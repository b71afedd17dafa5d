package io.secretjdbc.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

import java.util.Locale;

/**
 * JSqlParser, driven for one statement at a time ({@link SimpleStatementReader} first, which builds the same
 * tree for the plainest forms without running it): without the thread that
 * {@code CCJSqlParserUtil.parse(String)} starts, simple parsing first and the slower complex parsing
 * only for what fails, {@code [name]} quoting last. Stateless and thread-safe.
 *
 * <p>A new parser for every parse, on purpose: {@code CCJSqlParser.ReInit} would save its construction
 * (13 % of a new-shape plan miss in a profile) but keeps the parser's {@code ?} counter, its node stack
 * and its lookahead caches, so the next statement's parameters would be numbered after the previous
 * one's and a secret column mapped to the wrong parameter ({@code StatementParserIsolationTest}).
 */
final class StatementParser {

    /** A parsed statement, and whether {@code [name]} was read as a quoted name (as SQLite reads it). */
    record Parsed(Statement statement, boolean squareBrackets) {
        /** A parsed statement prints its SQL, literals included: never shown. */
        @Override
        public String toString() {
            return "Parsed[" + statement.getClass().getSimpleName() + "]";
        }
    }

    private StatementParser() {
    }

    /** The statement, or null if it cannot be parsed whole. */
    static Parsed parse(String sql) {
        // The plainest statements are read without JSqlParser, into the tree it would build (its contract).
        Statement plain = SimpleStatementReader.read(sql);
        if (plain != null) {
            return new Parsed(plain, false);
        }
        Attempt simple = parse(sql, false, false);
        // Complex parsing reads the same tokens (the token manager does not look at that setting), so
        // text that could not even be tokenized is not parsed again: a cheaper refusal, the same outcome.
        Attempt attempt = simple.statement != null || simple.lexicalError ? simple : parse(sql, true, false);
        if (attempt.statement != null) {
            return new Parsed(attempt.statement, false);
        }
        // [name] quoting (SQLite, SQL Server) only as a last resort: it would misread a[1] array indexes.
        Statement statement = sql.indexOf('[') < 0 ? null : parse(sql, true, true).statement;
        return statement == null ? null : new Parsed(statement, true);
    }

    /** One parse: its statement, or null with whether the text failed to tokenize (not only to parse). */
    private record Attempt(Statement statement, boolean lexicalError) {
        static final Attempt FAILED = new Attempt(null, false);
        static final Attempt UNTOKENIZABLE = new Attempt(null, true);
    }

    private static Attempt parse(String sql, boolean complex, boolean squareBrackets) {
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex)
                    .withSquareBracketQuotation(squareBrackets);
            Statement statement = parser.Statement();
            // Statement() may stop before the end of the text: a second statement after ';' must not
            // slip through unexamined.
            if (parser.getNextToken().kind != 0) {
                return Attempt.FAILED;
            }
            return new Attempt(statement, false);
        } catch (TokenMgrException e) {
            return Attempt.UNTOKENIZABLE;
        } catch (Exception | StackOverflowError e) {
            return Attempt.FAILED;
        }
    }

    /**
     * SQLite's {@code INSERT OR IGNORE}, {@code UPDATE OR REPLACE} and kin do not parse: for analysis
     * only, the conflict clause is blanked out (the original text is what runs). Null if not such a
     * statement.
     */
    static String withoutConflictClause(String sql) {
        int i = skipSpaceAndComments(sql, 0);
        int verb;
        if (sql.regionMatches(true, i, "INSERT", 0, 6)) {
            verb = i + 6;
        } else if (sql.regionMatches(true, i, "UPDATE", 0, 6)) {
            verb = i + 6;
        } else {
            return null;
        }
        int or = skipSpaceAndComments(sql, verb);
        if (or == verb || !sql.regionMatches(true, or, "OR", 0, 2)) {
            return null;
        }
        int word = skipSpaceAndComments(sql, or + 2);
        int end = word;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String action = sql.substring(word, end).toUpperCase(Locale.ROOT);
        if (word == or + 2 || !(action.equals("IGNORE") || action.equals("REPLACE") || action.equals("ABORT")
                || action.equals("FAIL") || action.equals("ROLLBACK"))) {
            return null;
        }
        return sql.substring(0, or) + " ".repeat(end - or) + sql.substring(end);
    }

    private static int skipSpaceAndComments(String sql, int i) {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
