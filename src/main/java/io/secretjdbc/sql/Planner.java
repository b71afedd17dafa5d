package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;

import java.util.List;

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
        StatementParser.Parsed parsed = StatementParser.parse(text.markedSql());
        if (parsed == null) {
            String normalised = StatementParser.withoutConflictClause(text.markedSql());
            parsed = normalised == null ? null : StatementParser.parse(normalised);
        }
        H2Merge.Normalised merge = null;
        if (parsed == null) {
            merge = H2Merge.normalise(text.markedSql());
            parsed = merge == null ? null : StatementParser.parse(merge.insertSql());
        }
        if (parsed == null) {
            return Plan.refused(sql, Refusal.unparsable(table), true);
        }
        Statement statement = parsed.statement();
        try {
            if (merge != null) {
                checkMergeKeys((Insert) statement, merge.keys());
            }
            Plan plan = new StatementPlanner(registry, columnOrder, text, table).plan(statement);
            if (!parsed.squareBrackets()) {
                checkBracketNames(text); // after the analysis, whose refusals say more
            }
            return plan;
        } catch (Refusal refusal) {
            return Plan.refused(sql, refusal, refusal.isCacheable());
        } catch (RuntimeException | StackOverflowError e) {
            // A parse tree shape the planner did not expect: fail closed. The message of e may quote
            // the SQL, so only its type is logged.
            LOG.log(System.Logger.Level.DEBUG, "planner failed on a statement: {0}", e.getClass().getName());
            return Plan.refused(sql, Refusal.unparsable(table), true);
        }
    }

    /**
     * SQLite and SQL Server read {@code [name]} as a quoted name anywhere; the parser, when it did not
     * need that reading, took each {@code [...]} as an array subscript or constructor. A bracketed name
     * of a secret column of a table the statement names may then be a use of that column the analysis
     * never saw ({@code SET audit [secret] = 'x'}): refused.
     */
    private void checkBracketNames(SqlText text) {
        for (String name : text.bracketNames()) {
            for (SecretTable table : registry.tables()) {
                SecretColumn c = table.secretColumn(name);
                if (c != null && TableMentions.mentions(text.sql(), table.name())) {
                    throw new Refusal("secret column " + c + " is written as [" + c.column() + "], which the SQL"
                            + " parser read as an array subscript or array while SQLite and SQL Server read it as"
                            + " the quoted column name, so the statement cannot be analysed safely. Write the name"
                            + " without brackets, or in double quotes.");
                }
            }
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
}
