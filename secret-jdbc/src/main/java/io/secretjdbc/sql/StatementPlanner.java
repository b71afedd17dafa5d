package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans one parsed statement. One instance per {@link Planner#plan} call. Longer than most classes
 * because it holds one method per statement form (SELECT, INSERT, upsert, UPDATE, DELETE, MERGE), each
 * reading like the statement it plans; blind index writes and comparisons live in {@link IndexWrites}
 * and {@link IndexComparisons}.
 */
final class StatementPlanner {

    private final SecretRegistry registry;
    private final ColumnOrder columnOrder;
    private final SqlText text;
    private final String mentionedTable;
    private final ExpressionJudge judge = new ExpressionJudge();
    private final QueryAnalyzer queries = new QueryAnalyzer(judge);
    private final WriteAnalyzer writes;
    private List<ResultItem> results = List.of();
    private SecretTable writeTarget;
    /** Set when an INSERT's values were matched to the table's column order (no column list). */
    private Plan.PositionalInsert positional;
    /** Blind index rewriting (reference §6 "Search"); null when the registry declares no blind index. */
    private final SearchEdits search;
    private final IndexWrites indexWrites;

    StatementPlanner(SecretRegistry registry, ColumnOrder columnOrder, SqlText text, String mentionedTable) {
        this(registry, columnOrder, text, mentionedTable, null, Dialect.UNKNOWN);
    }

    /** @param search the edits of a registry with blind indexes, or null */
    StatementPlanner(SecretRegistry registry, ColumnOrder columnOrder, SqlText text, String mentionedTable,
            SearchEdits search, Dialect dialect) {
        this.registry = registry;
        this.columnOrder = columnOrder;
        this.text = text;
        this.mentionedTable = mentionedTable;
        judge.setQueries(queries);
        queries.setColumnOrder(columnOrder);
        this.writes = new WriteAnalyzer(text, judge, queries);
        this.search = search;
        if (search != null) {
            IndexColumns columns = new IndexColumns(columnOrder);
            this.indexWrites = new IndexWrites(search, columns);
            IndexGrouping grouping = new IndexGrouping(search, columns);
            judge.setSearch(new IndexComparisons(search, columns), grouping);
            queries.setGrouping(grouping);
            writes.setIndexWrites(indexWrites);
        } else {
            this.indexWrites = null;
        }
    }

    /** True when the plan rewrites the text for blind indexes: it then holds for this text only. */
    boolean rewritesText() {
        return search != null && !search.isEmpty();
    }

    PlanShape plan(Statement statement) {
        Scope root = new Scope(registry, null);
        if (statement instanceof Select select) {
            results = queries.query(select, root).items();
        } else if (statement instanceof Insert insert) {
            insert(insert, root);
        } else if (statement instanceof Upsert upsert) {
            upsert(upsert, root);
        } else if (statement instanceof Update update) {
            update(update, root);
        } else if (statement instanceof Delete delete) {
            delete(delete, root);
        } else if (statement instanceof Merge merge) {
            merge(merge, root);
        } else if (!isDdl(statement)) {
            throw Refusal.unsupported("a " + statement.getClass().getSimpleName() + " statement", mentionedTable);
        }
        return build();
    }

    /**
     * Schema statements carry no secret values once {@link DdlJudge} has let them by: they pass (a CREATE
     * ... AS SELECT is still judged).
     */
    private boolean isDdl(Statement statement) {
        String pkg = statement.getClass().getPackageName();
        // DdlJudge has judged what SchemaChange calls a schema change; the parse only adds the queries.
        boolean ddl = SchemaChange.startsSchemaChange(text.sql())
                || pkg.startsWith("net.sf.jsqlparser.statement.truncate")
                || pkg.startsWith("net.sf.jsqlparser.statement.comment")
                || pkg.startsWith("net.sf.jsqlparser.statement.analyze");
        if (statement instanceof net.sf.jsqlparser.statement.create.table.CreateTable create && create.getSelect() != null) {
            queries.query(create.getSelect(), new Scope(registry, null));
        }
        if (statement instanceof net.sf.jsqlparser.statement.create.view.CreateView view && view.getSelect() != null) {
            queries.query(view.getSelect(), new Scope(registry, null));
        }
        return ddl;
    }

    private void insert(Insert insert, Scope root) {
        Scope scope = insert.getWithItemsList() == null ? root : queries.withItems(insert.getWithItemsList(), root);
        Table table = insert.getTable();
        SecretTable target = registry.table(table.getName());
        writeTarget = target;
        List<SecretColumn> targets = targets(table, target, insert.getColumns(), insert.getSelect() != null);
        keepIndex(insert.getColumns(), insert.getSelect(), targets);
        rows(insert.getSelect(), targets, scope, "INSERT");

        Scope targetScope = targetScope(table, target, scope);
        writes.updateSets(insert.getSetUpdateSets(), targetScope, "INSERT ... SET");
        // An INSERT that writes the index keeps it in its update branch too.
        boolean keeps = rowsKeepIndex;
        writes.updateSets(insert.getDuplicateUpdateSets(), targetScope, "ON DUPLICATE KEY UPDATE", keeps);
        InsertConflictTarget conflict = insert.getConflictTarget();
        if (conflict != null) {
            if (conflict.getIndexColumnNames() != null) {
                boolean searchable = false;
                for (String column : conflict.getIndexColumnNames()) {
                    SecretColumn c = target == null ? null : target.secretColumn(column);
                    if (c != null && (c.blindIndex() == null || !keeps)) {
                        throw c.blindIndex() == null ? Refusal.compared(c, "=", "an ON CONFLICT target")
                                : WriteAnalyzer.indexNotKept(c, "an ON CONFLICT target of an INSERT that does not write it in VALUES rows");
                    }
                    searchable |= c != null;
                }
                if (searchable) {
                    indexWrites.conflictTarget(conflict.getIndexColumnNames(), target,
                            search.span(insert.getSelect(), IndexWrites.firstIndexed(target))[1]);
                }
            }
            judge.condition(conflict.getIndexExpression(), targetScope, "an ON CONFLICT target");
            judge.condition(conflict.getWhereExpression(), targetScope, "an ON CONFLICT target");
        }
        // Walked by hand: JSqlParser's visitors miss the parameters of DO UPDATE SET (DESIGN.md).
        InsertConflictAction action = insert.getConflictAction();
        if (action != null) {
            writes.updateSets(action.getUpdateSets(), targetScope, "ON CONFLICT ... DO UPDATE SET", keeps);
            judge.condition(action.getWhereExpression(), targetScope, "ON CONFLICT ... DO UPDATE ... WHERE");
        }
        returning(insert.getReturningClause(), targetScope);
    }

    private void upsert(Upsert upsert, Scope root) {
        Table table = upsert.getTable();
        SecretTable target = registry.table(table.getName());
        writeTarget = target;
        List<SecretColumn> targets = targets(table, target, upsert.getColumns(), upsert.getSelect() != null);
        keepIndex(upsert.getColumns(), upsert.getSelect(), targets);
        rows(upsert.getSelect(), targets, root, upsert.getUpsertType().toString());
        Scope targetScope = targetScope(table, target, root);
        writes.updateSets(upsert.getUpdateSets(), targetScope, "UPSERT ... SET");
        writes.updateSets(upsert.getDuplicateUpdateSets(), targetScope, "ON DUPLICATE KEY UPDATE");
    }

    /**
     * {@code MERGE INTO t USING s ON ... WHEN MATCHED THEN UPDATE SET ... WHEN NOT MATCHED THEN INSERT ...}
     * (H2, PostgreSQL 15+, SQL Server, Oracle): the ON condition and each branch are judged like the
     * WHERE, SET and VALUES of the statements they stand for.
     */
    private void merge(Merge merge, Scope root) {
        Scope outer = merge.getWithItemsList() == null ? root : queries.withItems(merge.getWithItemsList(), root);
        Scope scope = outer.child();
        Table table = merge.getTable();
        SecretTable target = registry.table(table.getName());
        writeTarget = target;
        queries.from(table, scope);
        if (merge.getFromItem() instanceof ParenthesedSelect source && source.getAlias() != null
                && source.getAlias().getAliasColumns() == null) {
            // USING (SELECT CAST(? AS varchar) password, ...) AS s (Hibernate's upsert): s.password is
            // the expression that computes it, so a write of s.password is a write of that expression.
            QueryAnalyzer.Query q = queries.query(source.getSelect(), scope);
            String alias = io.secretjdbc.registry.Identifiers.normalize(source.getAlias().getName());
            scope.add(new Scope.DerivedSource(alias, q.items()));
            WriteAnalyzer.Source declared = writes.source(alias, q);
            if (indexWrites != null) {
                indexWrites.source(declared);
            }
        } else if (merge.getFromItem() != null) {
            queries.from(merge.getFromItem(), scope);
        }
        judge.condition(merge.getOnCondition(), scope, "MERGE ... ON");
        List<MergeOperation> operations = merge.getOperations() != null ? merge.getOperations()
                : java.util.stream.Stream.of(merge.getMergeUpdate(), merge.getMergeInsert())
                        .filter(java.util.Objects::nonNull).map(MergeOperation.class::cast).toList();
        for (MergeOperation operation : operations) {
            if (operation instanceof MergeUpdate update) {
                judge.condition(update.getAndPredicate(), scope, "MERGE ... WHEN MATCHED AND");
                writes.updateSets(update.getUpdateSets(), scope, "MERGE ... UPDATE SET", indexWrites != null);
                judge.condition(update.getWhereCondition(), scope, "MERGE ... UPDATE ... WHERE");
                judge.condition(update.getDeleteWhereCondition(), scope, "MERGE ... DELETE WHERE");
            } else if (operation instanceof MergeInsert insert) {
                judge.condition(insert.getAndPredicate(), scope, "MERGE ... WHEN NOT MATCHED AND");
                boolean keep = indexWrites != null && IndexWrites.mergeInsertKeepsIndex(insert, target);
                List<SecretColumn> targets = targets(table, target, insert.getColumns(), true);
                if (keep) {
                    indexWrites.columnList(insert.getColumns(), targets);
                }
                currentValues = null;
                row(insert.getValues(), targets, scope, "MERGE ... INSERT", keep);
                judge.condition(insert.getWhereCondition(), scope, "MERGE ... INSERT ... WHERE");
            } else if (operation instanceof MergeDelete delete) {
                judge.condition(delete.getAndPredicate(), scope, "MERGE ... WHEN MATCHED AND");
            } else {
                throw Refusal.unsupported("a MERGE branch of type " + operation.getClass().getSimpleName(), target == null
                        ? mentionedTable : target.name());
            }
        }
        returning(merge.getReturningClause(), scope);
    }

    /** The VALUES clause whose rows {@link #row} reads, for the position of a lone row. */
    private Values currentValues;

    /** True while the VALUES rows of this INSERT get index values added (see {@link #keepIndex}). */
    private boolean rowsKeepIndex;

    /** See {@link IndexWrites#keep}. */
    private void keepIndex(ExpressionList<Column> columns, Select source, List<SecretColumn> targets) {
        rowsKeepIndex = indexWrites != null && indexWrites.keep(columns, source, targets);
    }

    /** The target column of each inserted value, from the column list or the table's column order. */
    private List<SecretColumn> targets(Table table, SecretTable target, ExpressionList<Column> columns, boolean hasRows) {
        List<SecretColumn> targets = new ArrayList<>();
        if (columns != null && !columns.isEmpty()) {
            for (Column column : columns) {
                SecretColumn indexOf = target == null ? null : target.indexedBy(column.getColumnName());
                if (indexOf != null) {
                    throw WriteAnalyzer.indexWritten(indexOf, "the column list");
                }
                targets.add(target == null ? null : target.secretColumn(column.getColumnName()));
            }
            return targets;
        }
        if (target == null || target.secretColumns().isEmpty() || !hasRows) {
            return null;
        }
        if (columnOrder == null) {
            throw new Refusal("an INSERT into secret table " + target.name() + " without a column list cannot be"
                    + " planned here: the table's column order is unknown. List the columns:"
                    + " INSERT INTO " + target.name() + " (col1, col2, ...) VALUES (...).");
        }
        List<String> order;
        try {
            order = columnOrder.columns(table.getFullyQualifiedName());
        } catch (SQLException e) {
            // The database's message is not quoted: it may repeat a qualifier or name taken from the statement.
            throw new Refusal("the column order of secret table " + target.name() + " could not be read (SQLState "
                    + e.getSQLState() + "), so an INSERT without a column list is refused. List the columns.", false);
        }
        if (order == null || order.isEmpty()) {
            throw new Refusal("the column order of secret table " + target.name() + " is unknown (the database"
                    + " reported no columns), so an INSERT without a column list is refused. List the columns.", false);
        }
        positional = new Plan.PositionalInsert(table.getFullyQualifiedName(), List.copyOf(order));
        if (indexWrites != null && IndexWrites.firstIndexed(target) != null) {
            List<SecretColumn> indexed = indexWrites.positional(table, target, order, text.dialect());
            if (indexed != null) {
                positionalIndexed = target.name();
                return indexed;
            }
        }
        for (String column : order) {
            targets.add(target.secretColumn(column));
        }
        return targets;
    }

    /** Set when an INSERT without a column list got one from the table's order, index columns left out. */
    private String positionalIndexed;

    /** VALUES rows or a SELECT, matched to the target columns by position. */
    private void rows(Select source, List<SecretColumn> targets, Scope scope, String clause) {
        if (source == null) {
            return;
        }
        if (source instanceof Values values) {
            ExpressionList<?> list = values.getExpressions();
            currentValues = values;
            if (list instanceof ParenthesedExpressionList<?> single) {
                row(single, targets, scope, clause, rowsKeepIndex);
            } else {
                for (Expression row : list) {
                    row(row instanceof ExpressionList<?> r ? r : rowConstructor(row) != null ? rowConstructor(row)
                            : new ExpressionList<>(row), targets, scope, clause, rowsKeepIndex);
                }
            }
            return;
        }
        QueryAnalyzer.Query q = queries.query(source, scope);
        if (targets != null && rowsKeepIndex) {
            writes.assignPositionalIndexed(source, q, targets, clause + " ... SELECT");
        } else if (targets != null) {
            writes.assignPositional(q, targets, clause + " ... SELECT");
        }
    }

    /**
     * The values of {@code ROW (a, b)} in {@code INSERT ... VALUES ROW (...), ROW (...)} (MySQL's table
     * value constructor, which the parser reads as a call of a function named ROW), or null.
     */
    private static ExpressionList<?> rowConstructor(Expression e) {
        if (e instanceof net.sf.jsqlparser.expression.Function f && "ROW".equalsIgnoreCase(f.getName())
                && f.getMultipartName().size() == 1 && f.getParameters() != null && !f.isDistinct()
                && !f.isAllColumns() && f.getNamedParameters() == null) {
            return f.getParameters();
        }
        return null;
    }

    /** @param keep whether the row gets the index values of its indexed targets */
    private void row(ExpressionList<?> row, List<SecretColumn> targets, Scope scope, String clause, boolean keep) {
        if (targets != null && row.size() != targets.size() && targets.stream().anyMatch(t -> t != null)) {
            throw new Refusal("an " + clause + " row has " + row.size() + " values for " + targets.size()
                    + " columns" + (positionalIndexed == null ? "" : " (the columns of table " + positionalIndexed
                    + " other than its blind index columns, which only the driver writes)") + ", so its values cannot"
                    + " be matched to secret columns. Give one value per column.");
        }
        if (keep) {
            indexWrites.row(row, targets, currentValues, clause.startsWith("MERGE") ? scope : null);
        }
        writes.indexed(keep);
        try {
            for (int i = 0; i < row.size(); i++) {
                writes.assign(row.get(i), targets == null ? null : targets.get(i), scope, clause + " ... VALUES");
            }
        } finally {
            writes.indexed(false);
        }
    }

    /** The written table as a source, plus {@code excluded} (ON CONFLICT) standing for the same columns. */
    private Scope targetScope(Table table, SecretTable target, Scope outer) {
        Scope scope = outer.child();
        String alias = table.getAlias() == null ? table.getName() : table.getAlias().getName();
        Scope.tableAs(registry, table.getName(), alias);
        scope.add(new Scope.TableSource(io.secretjdbc.registry.Identifiers.normalize(alias), target));
        scope.add(new Scope.TableSource("excluded", target));
        return scope;
    }

    private void update(Update update, Scope root) {
        Scope scope = (update.getWithItemsList() == null ? root : queries.withItems(update.getWithItemsList(), root)).child();
        queries.from(update.getTable(), scope);
        queries.joins(update.getStartJoins(), scope);
        if (update.getFromItem() != null) {
            queries.from(update.getFromItem(), scope);
        }
        queries.joins(update.getJoins(), scope);
        writeTarget = registry.table(update.getTable().getName());
        judge.condition(update.getWhere(), scope, "WHERE");
        List<UpdateSet> sets = update.getUpdateSets();
        writes.updateSets(sets, scope, "UPDATE ... SET", true);
        orderBy(update.getOrderByElements(), scope);
        returning(update.getReturningClause(), scope);
    }

    private void delete(Delete delete, Scope root) {
        Scope scope = (delete.getWithItemsList() == null ? root : queries.withItems(delete.getWithItemsList(), root)).child();
        queries.from(delete.getTable(), scope);
        if (delete.getTables() != null) {
            for (Table t : delete.getTables()) {
                if (scope.source(t.getName()) == null) {
                    queries.from(t, scope);
                }
            }
        }
        if (delete.getUsingFromItemList() != null) {
            delete.getUsingFromItemList().forEach(item -> queries.from(item, scope));
        }
        queries.joins(delete.getJoins(), scope);
        judge.condition(delete.getWhere(), scope, "WHERE");
        orderBy(delete.getOrderByElements(), scope);
        returning(delete.getReturningClause(), scope);
    }

    private void orderBy(List<net.sf.jsqlparser.statement.select.OrderByElement> elements, Scope scope) {
        if (elements != null) {
            for (var element : elements) {
                SecretColumn c = judge.eval(element.getExpression(), scope, "ORDER BY");
                if (c != null) {
                    throw Refusal.ordered(c, "ORDER BY");
                }
            }
        }
    }

    private void returning(ReturningClause returning, Scope scope) {
        if (returning == null) {
            return;
        }
        List<ResultItem> items = new ArrayList<>();
        for (SelectItem<?> item : returning) {
            Expression e = item.getExpression();
            if (e instanceof net.sf.jsqlparser.statement.select.AllTableColumns all) {
                Scope.Source s = scope.source(all.getTable().getName());
                items.addAll(s == null ? List.of(new ResultItem.Star(List.copyOf(registry.tables()), List.of())) : s.expand());
            } else if (e instanceof net.sf.jsqlparser.statement.select.AllColumns) {
                items.addAll(scope.sources().get(0).expand());
            } else {
                SecretColumn c = judge.eval(e, scope, "RETURNING");
                String label = item.getAlias() != null ? item.getAlias().getName()
                        : e instanceof Column col ? col.getColumnName() : null;
                items.add(new ResultItem.Fixed(label == null ? null : io.secretjdbc.registry.Identifiers.normalize(label), c));
            }
        }
        results = items;
    }

    private PlanShape build() {
        List<SqlText.Literal> all = text.literals();
        int[] marked = new int[all.size()];
        int count = 0;
        for (WriteAnalyzer.SecretLiteral secret : writes.literals()) {
            int index = all.indexOf(secret.literal());
            if (marked[index]++ == 0) {
                count++;
            }
        }
        int[] secretLiterals = new int[count];
        for (int i = 0, j = 0; i < marked.length; i++) {
            if (marked[i] > 0) {
                secretLiterals[j++] = i;
            }
        }
        PlanShape shape = PlanShape.of(writes.parameters(), writes.firstWrite(), ResultShapes.of(results), writeTarget,
                secretLiterals, positional);
        if (rewritesText()) {
            shape.search(search.layout(writes.parameters(), writes.literals()), firstIndexed());
        }
        return shape;
    }

    /** A column whose index the rewritten text reads or writes: the one "not configured" names. */
    private SecretColumn firstIndexed() {
        return search.firstColumn();
    }

    /** True when the plan read the value of an integer literal ({@code ORDER BY 2}), not only its place. */
    boolean readNumbers() {
        return queries.readNumbers();
    }
}
