package io.secretjdbc.sql;

import io.secretjdbc.cache.BoundedCache;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;

import java.util.List;

/**
 * Turns SQL text into a {@link Plan}. Never throws for bad SQL: a refusal or parse failure is part of
 * the plan, so it is cached like any other outcome. Thread-safe.
 *
 * <p>Parsing is most of a plan's cost (tens of µs warm, hundreds while JSqlParser is not yet compiled),
 * so the analysis is kept per {@link SqlText#shape()}: a statement that differs from one seen before
 * only in its string and integer literal values ({@code WHERE id IN (7, ?)}, {@code VALUES (2, 'x')})
 * is planned without parsing. An analysis that read a number's value ({@code ORDER BY 2}) is not kept.
 */
public final class Planner {

    private static final System.Logger LOG = System.getLogger(Planner.class.getName());
    /** Bound of the shape cache, as {@link PlanCache#DEFAULT_MAX_ENTRIES} bounds plans. */
    private static final int MAX_SHAPES = 1024;

    private final SecretRegistry registry;
    private final int indexKeys;
    /** True when some secret column has a blind index: only then are statements rewritten for search. */
    private final boolean searchable;
    private final ColumnOrder columnOrder;
    private final Dialect dialect;
    private final TableMentions mentions;
    private final SecretViews views;
    /** Analyses by {@link SqlText#shape()}: statements that differ only in literal values share one. */
    private final BoundedCache<String, PlanShape> shapes = new BoundedCache<>(MAX_SHAPES);

    /** A planner for a database of unknown dialect (the strictest reading), without column orders. */
    public Planner(SecretRegistry registry) {
        this(registry, null);
    }

    /** A planner for a database of unknown dialect (the strictest reading). */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder) {
        this(registry, columnOrder, Dialect.UNKNOWN);
    }

    /**
     * @param columnOrder answers the column order of a table for {@code INSERT INTO t VALUES (...)}
     *                    without a column list; null refuses such inserts into secret tables
     * @param dialect     the database the statements go to: its lexical rules are how they are read
     */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder, Dialect dialect) {
        this(registry, columnOrder, dialect, ViewCatalog.NONE);
    }

    /** @param views answers which views in the database read registry tables (made by any client) */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder, ViewCatalog views) {
        this(registry, columnOrder, Dialect.UNKNOWN, views);
    }

    /** @param views answers which views in the database read registry tables (made by any client) */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder, Dialect dialect, ViewCatalog views) {
        this(registry, columnOrder, dialect, views, 1);
    }

    /**
     * @param indexKeys how many keys a blind index lookup matches under: the primary key and each previous
     *                  key (reference §3.1); irrelevant when the registry declares no blind index
     */
    public Planner(SecretRegistry registry, ColumnOrder columnOrder, Dialect dialect, ViewCatalog views,
            int indexKeys) {
        if (indexKeys < 1) {
            throw new IllegalArgumentException("a blind index lookup matches under at least the primary key");
        }
        this.indexKeys = indexKeys;
        this.searchable = registry.hasBlindIndexes();
        this.registry = registry;
        this.columnOrder = columnOrder;
        this.dialect = dialect;
        this.mentions = new TableMentions(registry, dialect);
        this.views = new SecretViews(registry, views);
    }

    public Dialect dialect() {
        return dialect;
    }

    public Plan plan(String sql) {
        Plan plan = planText(sql);
        if (sql == null || plan.isRefused()) {
            return plan;
        }
        // Asked last, so that a statement refused for its text never costs a catalog read.
        Refusal view = views.refusal(sql);
        return view == null ? plan : Plan.refused(sql, view, false);
    }

    private Plan planText(String sql) {
        if (sql == null) {
            return Plan.passThrough(null);
        }
        // Before the fast path: these run SQL the driver never reads, naming a registry table or not.
        Refusal unread = UnreadSql.refusal(sql, registry);
        if (unread != null) {
            return Plan.refused(sql, unread, true);
        }
        // Fast path: no registry table named anywhere in the text, so no secret column can be touched.
        String table = mentions.firstMentioned(sql);
        if (table == null) {
            return Plan.passThrough(sql);
        }
        SqlText text = SqlText.lex(sql, dialect);
        if (table == TableMentions.ESCAPED) {
            // U&"..." may spell a name with escapes: decoded in the parser's text, which is searched again.
            table = mentions.firstNamed(text.markedSql());
            if (table == null) {
                return Plan.passThrough(sql);
            }
        }
        if (text.ambiguity() != null) {
            return Plan.refused(sql, Refusal.ambiguous(table, dialect, text.ambiguity()), true);
        }
        if (!text.bracketNames().isEmpty()) {
            // [name] is judged by its text, digits included (a[1]): rare enough to plan one by one.
            return analyse(text, table).shape().planFor(text);
        }
        // The table is part of the key: it is named in refusals, and a literal may be what mentions it.
        String key = table + '\u0000' + text.shape();
        PlanShape shape = shapes.get(key);
        if (shape == null) {
            Analysis analysis = analyse(text, table);
            shape = analysis.shape();
            if (shape.isCacheable() && !analysis.readNumbers()) {
                shapes.putIfAbsent(key, shape);
            }
        }
        return shape.planFor(text);
    }

    /** Forgets what was learnt from earlier statements: after DDL, as a plan may use a table's column order. */
    void clear() {
        shapes.clear();
        views.clear();
    }

    private record Analysis(PlanShape shape, boolean readNumbers) {
    }

    /** Parses and analyses one statement: the expensive part of a plan. */
    private Analysis analyse(SqlText text, String table) {
        if (DdlJudge.reads(text.sql())) {
            // Judged by its own text, not shared by shape (readNumbers = true keeps it out of the shape cache).
            try {
                if (new DdlJudge(registry, table).judge(text.sql()) == DdlJudge.Verdict.PASS) {
                    return new Analysis(PlanShape.of(new io.secretjdbc.registry.SecretColumn[0], null,
                            ResultShape.NONE, null, new int[0]), true);
                }
            } catch (Refusal refusal) {
                return new Analysis(PlanShape.refused(refusal, true), true);
            }
        }
        String parsedSql = text.markedSql();
        StatementParser.Parsed parsed = StatementParser.parse(parsedSql);
        if (parsed == null) {
            parsedSql = StatementParser.withoutConflictClause(text.markedSql());
            parsed = parsedSql == null ? null : StatementParser.parse(parsedSql);
        }
        if (parsed == null) {
            parsedSql = RowKeyword.blanked(text.markedSql());
            parsed = parsedSql == null ? null : StatementParser.parse(parsedSql);
        }
        H2Merge.Normalised merge = null;
        if (parsed == null) {
            merge = H2Merge.normalise(text.markedSql());
            parsedSql = merge == null ? null : merge.insertSql();
            parsed = merge == null ? null : StatementParser.parse(merge.insertSql());
        }
        if (parsed == null) {
            return new Analysis(PlanShape.refused(Refusal.unparsable(table), true), false);
        }
        Statement statement = parsed.statement();
        // Token positions of the parse stand for the marked text only when the variant parsed keeps its length.
        SearchEdits search = !searchable ? null : new SearchEdits(text, indexKeys,
                parsedSql != null && parsedSql.length() == text.markedSql().length() ? parsedSql : null);
        StatementPlanner planner = new StatementPlanner(registry, columnOrder, text, table, search, dialect);
        try {
            if (merge != null) {
                checkMergeKeys((Insert) statement, merge.keys());
            }
            PlanShape shape = planner.plan(statement);
            if (!parsed.squareBrackets()) {
                checkBracketNames(text); // after the analysis, whose refusals say more
            }
            if (text.singleQuotedTableName()) {
                throw Refusal.ambiguous(table, dialect, "a single-quoted table name, which SQLite reads as the name");
            }
            // A rewrite for a blind index holds positions of this text: never shared by shape.
            return new Analysis(shape, planner.readNumbers() || shape.rewritesText());
        } catch (Refusal refusal) {
            return new Analysis(PlanShape.refused(refusal, refusal.isCacheable()), planner.readNumbers());
        } catch (RuntimeException | StackOverflowError e) {
            // A parse tree shape the planner did not expect: fail closed. The message of e may quote
            // the SQL, so only its type is logged.
            LOG.log(System.Logger.Level.DEBUG, "planner failed on a statement: {0}", e.getClass().getName());
            return new Analysis(PlanShape.refused(Refusal.unparsable(table), true), planner.readNumbers());
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
                if (c != null && TableMentions.mentions(text.markedSql(), table.name())) {
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
