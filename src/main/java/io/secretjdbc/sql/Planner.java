package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;

import java.util.List;
import java.util.Locale;

/**
 * Turns SQL text into a {@link Plan}. Never throws for bad SQL: a refusal or parse failure is part of
 * the plan, so it is cached like any other outcome. Thread-safe.
 */
public final class Planner {

    private static final System.Logger LOG = System.getLogger(Planner.class.getName());

    private final SecretRegistry registry;
    private final ColumnOrder columnOrder;
    private final TableMentions mentions;

    public Planner(SecretRegistry registry) {
        this(registry, null);
    }

    /**
     * @param columnOrder answers the column order of a table for {@code INSERT INTO t VALUES (...)}
     *                    without a column list; null refuses such inserts into secret tables
     */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder) {
        this.registry = registry;
        this.columnOrder = columnOrder;
        this.mentions = new TableMentions(registry);
    }

    public Plan plan(String sql) {
        if (sql == null) {
            return Plan.passThrough(null);
        }
        // Fast path: no registry table named anywhere in the text, so no secret column can be touched.
        String table = mentions.firstMentioned(sql);
        if (table == null) {
            return Plan.passThrough(sql);
        }
        SqlText text = SqlText.lex(sql);
        Statement statement = parse(text.markedSql());
        if (statement == null) {
            String normalised = withoutConflictClause(text.markedSql());
            statement = normalised == null ? null : parse(normalised);
        }
        H2Merge.Normalised merge = null;
        if (statement == null) {
            merge = H2Merge.normalise(text.markedSql());
            statement = merge == null ? null : parse(merge.insertSql());
        }
        if (statement == null) {
            return Plan.refused(sql, Refusal.unparsable(table), true);
        }
        try {
            if (merge != null) {
                checkMergeKeys((Insert) statement, merge.keys());
            }
            return new StatementPlanner(registry, columnOrder, text, table).plan(statement);
        } catch (Refusal refusal) {
            return Plan.refused(sql, refusal, refusal.isCacheable());
        } catch (RuntimeException | StackOverflowError e) {
            // A parse tree shape the planner did not expect: fail closed. The message of e may quote
            // the SQL, so only its type is logged.
            LOG.log(System.Logger.Level.DEBUG, "planner failed on a statement: {0}", e.getClass().getName());
            return Plan.refused(sql, Refusal.unparsable(table), true);
        }
    }

    /** H2's MERGE ... KEY (k) matches rows on k: a secret k would be compared as ciphertext. */
    private void checkMergeKeys(Insert insert, List<String> keys) {
        SecretTable target = registry.table(insert.getTable().getName());
        for (String key : keys) {
            SecretColumn c = target == null ? null : target.secretColumn(key);
            if (c != null) {
                throw Refusal.compared(c, "=", "MERGE ... KEY");
            }
        }
    }

    /**
     * One statement, parsed without the thread that {@code CCJSqlParserUtil.parse(String)} starts;
     * simple parsing first, complex parsing as the fallback. Null if it cannot be parsed whole.
     */
    static Statement parse(String sql) {
        Statement statement = parse(sql, false, false);
        statement = statement != null ? statement : parse(sql, true, false);
        // [name] quoting (SQLite, SQL Server) only as a last resort: it would misread a[1] array indexes.
        return statement != null || sql.indexOf('[') < 0 ? statement : parse(sql, true, true);
    }

    private static Statement parse(String sql, boolean complex, boolean squareBrackets) {
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex)
                    .withSquareBracketQuotation(squareBrackets);
            Statement statement = parser.Statement();
            // Statement() may stop before the end of the text: a second statement after ';' must not
            // slip through unexamined.
            if (parser.getNextToken().kind != 0) {
                return null;
            }
            return statement;
        } catch (Exception | StackOverflowError e) {
            return null;
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
