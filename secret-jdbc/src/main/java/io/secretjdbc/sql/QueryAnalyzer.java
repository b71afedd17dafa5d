package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans queries: which result columns come from secret columns, and which uses of secret columns
 * must be refused (reference §6). Expressions are judged by {@link ExpressionJudge}.
 */
final class QueryAnalyzer {

    /**
     * A planned query.
     *
     * @param items       its result columns
     * @param expressions for a plain SELECT, the projection expressions (null for {@code *} items);
     *                    empty for other query forms
     * @param scope       the scope the projection expressions were evaluated in (null if none)
     * @param arms        for a set operation, the planned arms
     */
    record Query(List<ResultItem> items, List<Expression> expressions, Scope scope, List<Query> arms) {
        /** Expressions print as SQL, literals included: never shown. */
        @Override
        public String toString() {
            return "Query" + items;
        }
    }

    private final ExpressionJudge judge;
    private final DistinctJudge distinct = new DistinctJudge();
    private boolean readNumbers;

    /** Answers primary keys for {@link DistinctJudge}; null refuses DISTINCT over secret columns. */
    void setColumnOrder(ColumnOrder columnOrder) {
        distinct.setColumnOrder(columnOrder);
    }

    /** Grouping through blind indexes; null when the registry declares none. */
    private IndexGrouping grouping;

    void setGrouping(IndexGrouping grouping) {
        this.grouping = grouping;
        distinct.setGrouping(grouping);
    }

    /** True once a number's value decided something (see {@link SqlText#shape()}). */
    boolean readNumbers() {
        return readNumbers;
    }

    QueryAnalyzer(ExpressionJudge judge) {
        this.judge = judge;
    }

    Query query(Select select, Scope outer) {
        Scope scope = outer;
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            scope = withItems(select.getWithItemsList(), outer);
        }
        Query query;
        if (select instanceof PlainSelect plain) {
            query = plainSelect(plain, scope);
        } else if (select instanceof SetOperationList set) {
            query = setOperation(set, scope);
        } else if (select instanceof ParenthesedSelect parenthesed) {
            query = query(parenthesed.getSelect(), scope);
        } else if (select instanceof Values values) {
            judge.eval(values.getExpressions(), scope, "VALUES");
            query = new Query(List.of(), List.of(), null, List.of());
        } else {
            throw new Refusal("a " + select.getClass().getSimpleName() + " query over a secret table cannot be"
                    + " analysed, so it is refused rather than risk sending plaintext. Use a plain SELECT.");
        }
        if (!(select instanceof PlainSelect)) {
            // ORDER BY of a set operation or parenthesised query: by result position or label.
            orderBy(select.getOrderByElements(), query.items(), scope);
        }
        return query;
    }

    /**
     * Declares the common table expressions in a child scope. A recursive one is first declared with
     * the columns of its anchor (the first arm of its UNION), so that its recursive arm reads them; the
     * set-operation check then refuses a position that is secret in one arm and plain in another, which
     * is what keeps a secret column that flows through the recursion unchanged the same column.
     */
    Scope withItems(List<WithItem<?>> withItems, Scope outer) {
        Scope scope = outer.child();
        boolean recursive = withItems.stream().anyMatch(WithItem::isRecursive);
        for (WithItem<?> with : withItems) {
            if (with.getSelect() == null) {
                throw new Refusal("a data-modifying WITH item cannot be analysed"
                        + " over secret tables, so it is refused. Run the write as its own statement.");
            }
            Select body = with.getSelect().getSelect();
            if (recursive && body instanceof SetOperationList set) {
                Query anchor = query(set.getSelects().get(0), scope);
                List<ResultItem> items = renamed(anchor.items(), with.getWithItemList());
                scope.addCte(with.getUnquotedAliasName(), new Scope.DerivedSource(with.getUnquotedAliasName(), items));
            }
            Query q = query(with.getSelect(), scope);
            List<ResultItem> items = renamed(q.items(), with.getWithItemList());
            scope.addCte(with.getUnquotedAliasName(), new Scope.DerivedSource(with.getUnquotedAliasName(), items));
        }
        return scope;
    }

    /** Applies a column list such as {@code WITH r(a, b) AS (...)} or {@code AS x(a, b)}. */
    private static List<ResultItem> renamed(List<ResultItem> items, List<? extends SelectItem<?>> names) {
        if (names == null || names.isEmpty()) {
            return items;
        }
        List<ResultItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ResultItem item = items.get(i);
            if (item instanceof ResultItem.Fixed f && i < names.size()) {
                out.add(new ResultItem.Fixed(Identifiers.normalize(names.get(i).toString()), f.secret()));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private Query plainSelect(PlainSelect select, Scope outer) {
        if (select.getIntoTables() != null) {
            for (Table into : select.getIntoTables()) {
                io.secretjdbc.registry.SecretTable target = outer.registry().table(into.getName());
                if (target != null) {
                    throw new Refusal("SELECT ... INTO secret table " + target.name() + " is refused: the database"
                            + " would create and fill it with the selected values unencrypted. Create the table, then"
                            + " fill it with INSERT ... SELECT or with parameters through jdbc:secret:.");
                }
            }
        }
        Scope scope = outer.child();
        if (select.getFromItem() != null) {
            from(select.getFromItem(), scope);
        }
        joins(select.getJoins(), scope, select);
        judge.condition(select.getWhere(), scope, "WHERE");

        List<ResultItem> items = new ArrayList<>();
        List<Expression> expressions = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns && !(e instanceof AllTableColumns)) {
                for (Scope.Source source : scope.sources()) {
                    items.addAll(source.expand());
                }
                expressions.add(null);
            } else if (e instanceof AllTableColumns all) {
                Scope.Source source = scope.source(all.getTable().getFullyQualifiedName());
                if (source == null) {
                    // Unknown qualifier: fail closed, any registry table may be behind it.
                    items.add(new ResultItem.Star(List.copyOf(scope.registry().tables()), List.of()));
                } else {
                    items.addAll(source.expand());
                }
                expressions.add(null);
            } else {
                SecretColumn secret = judge.eval(e, scope, "the select list");
                items.add(new ResultItem.Fixed(label(item), secret));
                expressions.add(e);
                if (item.getAlias() != null) {
                    scope.addSelectAlias(item.getAlias().getName(), secret);
                }
            }
        }
        distinct.judge(select, scope, items);
        GroupByElement groupBy = select.getGroupBy();
        if (groupBy != null) {
            List<IndexComparisons.Target> keys = new ArrayList<>();
            for (Expression e : groupBy.getGroupByExpressionList()) {
                SecretColumn c = positional(e, items);
                IndexComparisons.Target key = grouping == null ? null : grouping.groupKey(e, select, items, scope);
                if (key != null) {
                    keys.add(key);
                    continue;
                }
                c = c != null ? c : judge.eval(e, scope, "GROUP BY");
                if (c != null) {
                    throw Refusal.ordered(c, "GROUP BY");
                }
            }
            if (!keys.isEmpty()) {
                grouping.representatives(select, scope, keys);
            }
        }
        judge.condition(select.getHaving(), scope, "HAVING");
        orderBy(select.getOrderByElements(), items, scope);
        return new Query(items, expressions, scope, List.of());
    }

    private void orderBy(List<OrderByElement> elements, List<ResultItem> items, Scope scope) {
        if (elements == null) {
            return;
        }
        for (OrderByElement element : elements) {
            Expression e = element.getExpression();
            SecretColumn c = positional(e, items);
            if (c == null && e instanceof Column col && col.getTable() == null) {
                c = labelled(col.getColumnName(), items);
            }
            c = c != null ? c : judge.eval(e, scope, "ORDER BY");
            if (c != null) {
                throw Refusal.ordered(c, "ORDER BY");
            }
        }
    }

    /** {@code ORDER BY 2} / {@code GROUP BY 2}: the secret column at that result position. */
    private SecretColumn positional(Expression e, List<ResultItem> items) {
        if (e instanceof LongValue n) {
            readNumbers = true;
            long i = n.getValue();
            if (i >= 1 && i <= items.size() && items.get((int) i - 1) instanceof ResultItem.Fixed f) {
                return f.secret();
            }
            for (ResultItem item : items) {
                if (item instanceof ResultItem.Star s && s.mayHoldSecrets()) {
                    return s.firstSecret(); // position falls into a star: cannot tell, fail closed
                }
            }
        }
        return null;
    }

    private static SecretColumn labelled(String name, List<ResultItem> items) {
        String n = Identifiers.normalize(name);
        for (ResultItem item : items) {
            if (item instanceof ResultItem.Fixed f && n.equals(f.label()) && f.secret() != null) {
                return f.secret();
            }
        }
        return null;
    }

    private Query setOperation(SetOperationList set, Scope scope) {
        List<Query> arms = new ArrayList<>();
        for (Select arm : set.getSelects()) {
            arms.add(query(arm, scope));
        }
        List<ResultItem> first = arms.get(0).items();
        boolean starred = arms.stream().anyMatch(q -> q.items().stream().anyMatch(i -> i instanceof ResultItem.Star));
        if (starred) {
            for (Query arm : arms) {
                if (ResultItem.anySecret(arm.items())) {
                    throw new Refusal("a set operation (" + set.getOperation(0) + ") with * over a secret table"
                            + " cannot be planned column by column, so it is refused. List the columns in each"
                            + " arm instead of *.");
                }
            }
            return new Query(first, List.of(), null, arms);
        }
        List<ResultItem> items = new ArrayList<>(first);
        for (Query arm : arms.subList(1, arms.size())) {
            for (int i = 0; i < Math.min(items.size(), arm.items().size()); i++) {
                SecretColumn a = ((ResultItem.Fixed) items.get(i)).secret();
                SecretColumn b = ((ResultItem.Fixed) arm.items().get(i)).secret();
                if ((a == null) != (b == null)) {
                    SecretColumn secret = a != null ? a : b;
                    throw new Refusal("secret column " + secret + " is combined by " + set.getOperation(0)
                            + " with a non-secret column at result position " + (i + 1) + ": the result would mix"
                            + " ciphertext and plaintext. Select secret columns only against secret columns.");
                }
            }
        }
        // UNION (also DISTINCT) is allowed over secret columns: its de-duplication compares stored
        // ciphertext, so equal plaintexts may both come back, but every row it returns is a real row and
        // nothing is written or compared with a value of the statement: no plaintext reaches the database.
        // INTERSECT and EXCEPT answer by the same comparison, and their answer would be wrong (no row of
        // two tables intersects), so they stay refused.
        if (!set.getOperations().stream().allMatch(op -> op.toString().trim().toUpperCase(Locale.ROOT)
                .startsWith("UNION"))) {
            for (ResultItem item : items) {
                if (((ResultItem.Fixed) item).secret() != null) {
                    throw new Refusal("secret column " + ((ResultItem.Fixed) item).secret() + " cannot be used in "
                            + "INTERSECT or EXCEPT: they compare rows, and encrypted values with a random IV never"
                            + " compare equal. Use UNION or UNION ALL, or compare after reading.");
                }
            }
        }
        return new Query(items, List.of(), null, arms);
    }

    /** Adds a FROM item to the scope, planning subqueries. */
    void from(FromItem item, Scope scope) {
        if (item instanceof Table table) {
            String alias = item.getAlias() == null ? null : item.getAlias().getName();
            scope.add(scope.table(table.getName(), alias == null ? table.getName() : alias,
                    table.getSchemaName() != null));
        } else if (item instanceof ParenthesedSelect sub) {
            Query q = query(sub.getSelect(), scope);
            Alias alias = sub.getAlias();
            List<ResultItem> items = alias == null ? q.items() : renamed(q.items(), alias.getAliasColumns() == null
                    ? null : alias.getAliasColumns().stream().map(c -> new SelectItem<>(new Column(c.name))).toList());
            scope.add(new Scope.DerivedSource(alias == null ? "" : Identifiers.normalize(alias.getName()), items));
        } else if (item instanceof ParenthesedFromItem parenthesed) {
            from(parenthesed.getFromItem(), scope);
            joins(parenthesed.getJoins(), scope);
        } else {
            // Table functions, lateral views, VALUES lists...: nothing of ours is read through them, but
            // their arguments may still use secret columns.
            if (item instanceof TableFunction function) {
                judge.eval(function.getFunction(), scope, "FROM");
            } else if (item instanceof Values values) {
                judge.eval(values.getExpressions(), scope, "FROM");
            } else {
                throw new Refusal("a FROM item of type " + item.getClass().getSimpleName() + " cannot be analysed"
                        + " in a statement over secret tables, so it is refused. Use a table or a subquery.");
            }
            scope.add(new Scope.TableSource(item.getAlias() == null ? "" : Identifiers.normalize(item.getAlias().getName()), null));
        }
    }

    void joins(List<Join> joins, Scope scope) {
        joins(joins, scope, null);
    }

    /** @param owner the SELECT whose own joins these are (USING on a blind index may be rewritten), or null */
    private void joins(List<Join> joins, Scope scope, PlainSelect owner) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            from(join.getFromItem(), scope);
        }
        for (Join join : joins) {
            if (join.isNatural()) {
                // NATURAL JOIN compares every column name the two sides share: maybe a secret one.
                for (Scope.Source source : scope.sources()) {
                    SecretColumn c = Scope.firstSecret(source);
                    if (c != null) {
                        throw Refusal.compared(c, "=", "a NATURAL JOIN (it compares every column name both sides"
                                + " share; name the join columns with ON or USING)");
                    }
                }
            }
            for (Expression on : join.getOnExpressions()) {
                judge.condition(on, scope, "a JOIN ... ON condition");
            }
            for (Column using : join.getUsingColumns()) {
                SecretColumn c = scope.resolve(null, using.getColumnName(), false);
                if (c != null && c.blindIndex() != null && grouping != null && owner != null) {
                    grouping.using(owner, join, c, scope); // judges every column of the list
                    break;
                }
                if (c != null) {
                    throw Refusal.compared(c, "=", "a JOIN ... USING clause");
                }
            }
        }
    }

    private static String label(SelectItem<?> item) {
        if (item.getAlias() != null) {
            return Identifiers.normalize(item.getAlias().getName());
        }
        Expression e = item.getExpression();
        if (e instanceof Column c) {
            return Identifiers.normalize(c.getColumnName());
        }
        return null;
    }
}
