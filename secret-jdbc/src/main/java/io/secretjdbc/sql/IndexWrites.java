package io.secretjdbc.sql;

import io.secretjdbc.registry.DatabaseTables;
import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes that keep a blind index (reference §6 "Search"): every value written to a secret column with a
 * blind index is also written, as its index under the primary key, to the index column. The
 * application never names the index column; the driver adds it to the column list and to each VALUES
 * row of an INSERT, and as a second assignment of an {@code UPDATE ... SET}. Other ways of writing such
 * a column are refused by {@link WriteAnalyzer}. One instance per statement.
 */
final class IndexWrites {

    private final SearchEdits edits;
    private final IndexColumns indexColumns;
    /** The computed source of a MERGE ... USING (SELECT ...) AS s, once declared ({@link #source}); else null. */
    private WriteAnalyzer.Source source;

    IndexWrites(SearchEdits edits, IndexColumns indexColumns) {
        this.edits = edits;
        this.indexColumns = indexColumns;
    }

    /** True when some target of an INSERT has a blind index. */
    static boolean anyIndexed(List<SecretColumn> targets) {
        if (targets != null) {
            for (SecretColumn t : targets) {
                if (t != null && t.blindIndex() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An INSERT or REPLACE of a column with a blind index: the index column joins the column list, and
     * each VALUES row ({@link #row}) or each arm of the SELECT ({@link #selectRow}) gets its value;
     * returns whether the rows keep the index. Without a column list, {@link #columnOrder} has written
     * one from the table's order (the application's values cover the columns other than the index
     * columns, which only the driver writes).
     */
    boolean keep(ExpressionList<Column> columns, Select source,
            List<SecretColumn> targets) {
        if (!anyIndexed(targets)) {
            return false;
        }
        if (columns != null && !columns.isEmpty() && source != null) {
            columnList(columns, targets);
        }
        return source != null;
    }

    /**
     * {@code INSERT INTO t VALUES (...)} into a table with a blind index: the application's values cover
     * the table's columns in their order without the index columns (reference §6 "Search": the
     * application never names or writes them), and the driver writes that column list, index columns
     * added ({@link #columnOrder}), so the database applies the values to exactly the columns they were
     * matched to here.
     *
     * @return the target of each application value, or null when no indexed column is among them
     */
    List<SecretColumn> positional(Table table, SecretTable target,
            List<String> order, Dialect dialect) {
        List<String> written = new ArrayList<>();
        List<SecretColumn> targets = new ArrayList<>();
        for (String column : order) {
            if (target.indexedBy(column) == null) {
                written.add(column);
                targets.add(target.secretColumn(column));
            }
        }
        if (!anyIndexed(targets)) {
            return null;
        }
        columnOrder(table, written, targets, dialect);
        return targets;
    }

    /**
     * True when a MERGE's INSERT branch writes a column with a blind index, which then joins its column
     * list; refused without a column list, whose order the branch would take from the table, index included.
     */
    static boolean mergeInsertKeepsIndex(MergeInsert insert, SecretTable target) {
        SecretColumn indexed = target == null ? null : firstIndexed(target);
        if (indexed == null) {
            return false;
        }
        if (insert.getColumns() == null || insert.getColumns().isEmpty()) {
            throw new Refusal("the INSERT branch of a MERGE into table " + target.name() + ", whose secret column "
                    + indexed + " has a blind index, has no column list, so the driver cannot add the index column."
                    + " List the columns: WHEN NOT MATCHED THEN INSERT (col1, col2, ...) VALUES (...).");
        }
        for (Column column : insert.getColumns()) {
            SecretColumn c = target.secretColumn(column.getColumnName());
            if (c != null && c.blindIndex() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code INSERT INTO t VALUES (...)} or {@code ... SELECT} without a column list into a table with a
     * blind index: the driver writes the list, {@code (c1, ..., cn, email_bidx)}, after the table name,
     * from the table's column order without its index columns (the application never names or writes
     * them, reference §6 "Search"), then the index columns of the indexed targets.
     *
     * @param table   the INSERT's table, after whose name the list goes
     * @param order   the table's columns as the database reports them, index columns excluded
     * @param targets the secret column at each position of {@code order} (null for plain ones)
     */
    void columnOrder(Table table, List<String> order, List<SecretColumn> targets,
            Dialect dialect) {
        SecretColumn first = firstIndexed(targets);
        if (table.getAlias() != null) {
            throw new Refusal("an INSERT without a column list into table " + first.table() + ", whose secret column "
                    + first + " has a blind index, is written with a table alias, before which the driver cannot"
                    + " add its column list. List the columns: INSERT INTO " + first.table() + " (col1, col2, ...)"
                    + " VALUES (...).");
        }
        StringBuilder list = new StringBuilder(" (");
        for (String column : order) {
            list.append(quoted(column, dialect)).append(", ");
        }
        for (SecretColumn t : targets) {
            if (t != null && t.blindIndex() != null) {
                indexColumns.require(t);
                list.append(t.blindIndex().column()).append(", ");
            }
        }
        list.setLength(list.length() - 2);
        int end = edits.span(table, first)[1];
        edits.replace(end, end, List.of(new SearchEdits.Text(list.append(')').toString())));
    }

    /** A column name the database reported, quoted so that it names exactly that column. */
    private static String quoted(String column, Dialect dialect) {
        return DatabaseTables.quote(column, dialect == Dialect.MARIADB ? "`" : "\"");
    }

    /**
     * {@code INSERT ... SELECT a, b FROM s} (each arm of a set operation alike): the index value of each
     * indexed target after the last select item; a parameter, a literal or NULL gets its index, a secret
     * column of the same domain of a table in the arm's FROM has its index column copied. A parameter the
     * application cast ({@code CAST(? AS VARCHAR(100))}, as H2 needs in a UNION's select list) gets its
     * index parameter cast too, to the index column's type.
     */
    void selectRow(Select select, QueryAnalyzer.Query q, List<SecretColumn> targets,
            Dialect dialect) {
        SecretColumn first = firstIndexed(targets);
        if (select instanceof ParenthesedSelect p) {
            selectRow(p.getSelect(), q, targets, dialect);
        } else if (select instanceof SetOperationList set
                && set.getSelects().size() == q.arms().size()) {
            for (int k = 0; k < q.arms().size(); k++) {
                selectRow(set.getSelects().get(k), q.arms().get(k), targets, dialect);
            }
        } else if (select instanceof PlainSelect plain && q.arms().isEmpty()
                && q.expressions().size() == targets.size() && !q.expressions().contains(null)) {
            List<SelectItem<?>> items = plain.getSelectItems();
            int end = edits.span(items.get(items.size() - 1), first)[1];
            for (int i = 0; i < targets.size(); i++) {
                SecretColumn t = targets.get(i);
                if (t != null && t.blindIndex() != null) {
                    SearchEdits.Piece piece = piece(q.expressions().get(i), t, q.scope());
                    if (q.expressions().get(i) instanceof CastExpression && piece instanceof SearchEdits.Parameter) {
                        // MariaDB's CAST knows CHAR(n), not VARCHAR(n)
                        String type = dialect == Dialect.MARIADB ? "CHAR(24)" : IndexColumnDdl.COLUMN_TYPE;
                        edits.replace(end, end, List.of(new SearchEdits.Text(", CAST("), piece,
                                new SearchEdits.Text(" AS " + type + ")")));
                    } else {
                        edits.replace(end, end, List.of(new SearchEdits.Text(", "), piece));
                    }
                }
            }
        } else {
            throw new Refusal("secret column " + first + " has a blind index and is written by a SELECT whose"
                    + " columns the driver cannot extend with the index value (a *, VALUES, or a column count that"
                    + " differs from the target columns). Select one value per target column, by name or parameter.");
        }
    }

    /** The first secret column of {@code table} with a blind index, or null. */
    static SecretColumn firstIndexed(SecretTable table) {
        for (SecretColumn c : table.secretColumns()) {
            if (c.blindIndex() != null) {
                return c;
            }
        }
        return null;
    }

    /** {@code INSERT INTO t (a, email)}: {@code , email_bidx} after the last column, per indexed target. */
    void columnList(ExpressionList<Column> columns, List<SecretColumn> targets) {
        Column last = columns.get(columns.size() - 1);
        SecretColumn first = firstIndexed(targets);
        int end = edits.span(last, first)[1];
        for (SecretColumn t : targets) {
            if (t != null && t.blindIndex() != null) {
                indexColumns.require(t);
                edits.replace(end, end, List.of(new SearchEdits.Text(", " + t.blindIndex().column())));
            }
        }
    }

    /**
     * One VALUES row: the index of each indexed target's value before its closing parenthesis.
     *
     * @param values the VALUES clause, whose span ends with the row's parenthesis when it has one row
     *               (the parser keeps no position for a lone row)
     */
    void row(ExpressionList<?> row, List<SecretColumn> targets, Values values) {
        row(row, targets, values, null);
    }

    /**
     * As {@link #row(ExpressionList, List, Values)}, where {@code scope} names the tables the values may
     * read (the source of a MERGE's INSERT branch), whose secret columns of the same domain are copied
     * with their index column.
     */
    void row(ExpressionList<?> row, List<SecretColumn> targets, Values values, Scope scope) {
        SecretColumn first = firstIndexed(targets);
        boolean lone = values != null && values.getExpressions() == row;
        int close = -1;
        if (row instanceof ParenthesedExpressionList<?> && (lone || row.getASTNode() != null)) {
            int[] span = edits.span(lone ? values : row, first);
            close = span[1] > span[0] && edits.originalChar(span[1] - 1) == ')' ? span[1] - 1 : -1;
        } else if (row instanceof ParenthesedExpressionList<?> && !row.isEmpty()) {
            // MERGE ... INSERT (...) VALUES (...): the parser keeps no position for the row, only its values.
            int at = edits.span(row.get(row.size() - 1), first)[1];
            while (at < edits.originalText().length() && Character.isWhitespace(edits.originalChar(at))) {
                at++;
            }
            close = at < edits.originalText().length() && edits.originalChar(at) == ')' ? at : -1;
        }
        if (close < 0) {
            throw new Refusal("secret column " + first + " has a blind index, and this INSERT's rows are not written"
                    + " as (value, ...) lists, so the driver cannot add the index values. Write VALUES (...), (...).");
        }
        for (int i = 0; i < targets.size(); i++) {
            SecretColumn t = targets.get(i);
            if (t != null && t.blindIndex() != null) {
                edits.replace(close, close, List.of(new SearchEdits.Text(", "), piece(row.get(i), t, scope)));
            }
        }
    }

    /**
     * {@code SET email = v}: {@code , email_bidx = index(v)} after the value; a copy of a column of the
     * same domain ({@code excluded.email}, {@code VALUES(email)}, {@code other.email}) copies its index.
     */
    void set(Column column, Expression value, SecretColumn target, Scope scope) {
        indexColumns.require(target);
        int end = edits.span(value, target)[1];
        edits.replace(end, end, List.of(new SearchEdits.Text(", " + edits.indexReference(column, target) + " = "),
                piece(value, target, scope)));
    }

    /**
     * Declares the source of a MERGE ... USING (SELECT CAST(? AS varchar) email, ...) AS s: a write of
     * {@code s.email} gets the index of the expression that computes it, written in place (a parameter
     * feeds both), never a copy of a column inside the subquery, which the target's scope cannot name.
     */
    void source(WriteAnalyzer.Source source) {
        this.source = source;
    }

    /**
     * {@code ON CONFLICT (email)}: the conflict target names the index column instead, so the unique index
     * on it decides (reference §6 "Search"). The target list is found in the text after the rows
     * ({@code after}, an offset of the original text), token by token; anything unexpected is refused.
     */
    void conflictTarget(List<String> names, SecretTable table, int after) {
        String sql = edits.originalText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?is)\\G\\s*ON\\s+CONFLICT\\s*\\(").matcher(sql);
        SecretColumn first = null;
        for (String name : names) {
            first = first != null ? first : table.secretColumn(name);
        }
        if (!m.find(after)) {
            throw new Refusal("secret column " + first + " has a blind index and is an ON CONFLICT target, which the"
                    + " driver answers on its index column; write the clause right after the VALUES rows, without"
                    + " comments: ON CONFLICT (" + first.column() + ")");
        }
        int i = m.end();
        for (int k = 0; k < names.size(); k++) {
            while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            int start = i;
            if (i < sql.length() && sql.charAt(i) == '"') {
                i = sql.indexOf('"', i + 1) + 1;
            } else {
                while (i < sql.length() && SqlText.isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
            }
            String written = i <= start ? "" : sql.substring(start, i);
            if (written.isEmpty() || !Identifiers.normalize(written).equals(Identifiers.normalize(names.get(k)))) {
                throw new Refusal("the ON CONFLICT target of secret column " + first + " could not be read token by"
                        + " token, so it is refused. Write it as ON CONFLICT (" + first.column() + ").");
            }
            SecretColumn c = table.secretColumn(names.get(k));
            if (c != null && c.blindIndex() != null) {
                indexColumns.require(c);
                edits.replace(start, i, List.of(new SearchEdits.Text(c.blindIndex().column())));
            }
            while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            char expected = k == names.size() - 1 ? ')' : ',';
            if (i >= sql.length() || sql.charAt(i) != expected) {
                throw new Refusal("the ON CONFLICT target of secret column " + first + " could not be read token by"
                        + " token, so it is refused. Write it as ON CONFLICT (" + first.column() + ").");
            }
            i++;
        }
    }

    private SearchEdits.Piece piece(Expression value, SecretColumn target, Scope scope) {
        Expression v = value;
        while (true) {
            if (v instanceof Parenthesis p) {
                v = p.getExpression();
            } else if (v instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                v = list.get(0);
            } else if (v instanceof CastExpression cast) {
                v = cast.getLeftExpression();
            } else {
                break;
            }
        }
        Expression computed = source == null || !(v instanceof Column c) ? null : source.expressionOf(c);
        if (computed != null) {
            return piece(computed, target, null);
        }
        SearchEdits.Piece piece = edits.value(v, target, 0);
        if (piece == null && scope != null) {
            piece = copy(v, target, scope);
        }
        if (piece == null) {
            throw new Refusal("secret column " + target + " has a blind index and is written here from another column"
                    + " or a subquery; the driver can only compute its index from a parameter, a string literal or"
                    + " NULL. Read the value and write it with a parameter.");
        }
        return piece;
    }

    /** The index of a copied column of the same domain, as SQL text; null when {@code v} is no such copy. */
    private SearchEdits.Piece copy(Expression v, SecretColumn target, Scope scope) {
        Column source = v instanceof Column c ? c : null;
        boolean values = false;
        if (v instanceof Function f && "VALUES".equalsIgnoreCase(f.getName())
                && f.getParameters() != null && f.getParameters().size() == 1
                && f.getParameters().get(0) instanceof Column c) {
            source = c; // MySQL's ON DUPLICATE KEY UPDATE c = VALUES(c)
            values = true;
        }
        if (source == null || source.getArrayConstructor() != null) {
            return null;
        }
        String qualifier = source.getTable() == null || source.getTable().getName() == null
                ? null : source.getTable().getName();
        SecretColumn from = scope.resolve(qualifier, source.getColumnName(), false);
        if (from == null || from.blindIndex() == null || !scope.readsTable(qualifier, source.getColumnName())) {
            return null;
        }
        if (!from.blindIndex().domain().equals(target.blindIndex().domain())) {
            throw new Refusal("secret column " + target + " is written from secret column " + from + ", whose blind"
                    + " index has another domain, so its index cannot be copied. Give both the same domain"
                    + " (@domain in secret.search), or write the value with a parameter.");
        }
        String reference = edits.indexReference(source, from);
        return new SearchEdits.Text(values ? "VALUES(" + reference + ")" : reference);
    }

    private static SecretColumn firstIndexed(List<SecretColumn> targets) {
        for (SecretColumn t : targets) {
            if (t != null && t.blindIndex() != null) {
                return t;
            }
        }
        throw new IllegalStateException("no indexed target");
    }
}
