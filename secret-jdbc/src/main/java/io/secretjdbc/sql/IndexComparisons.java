package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.List;

/**
 * Comparisons answered through a blind index (reference §6 "Search"): {@code c = v}, {@code c <> v},
 * {@code c IN (...)}, {@code c NOT IN (...)} with parameters, string literals or NULL, and {@code a = b}
 * or {@code a [NOT] IN (SELECT b ...)} between two columns of one domain. The comparison is rewritten onto the index column, a value matched
 * under every key ({@code email_bidx IN (?, ?)} with a previous key), so lookups keep working during a
 * rotation. Everything else on a column with a blind index is refused with a message that says what
 * works. One instance per statement, only when the registry has blind indexes.
 */
final class IndexComparisons {

    private final SearchEdits edits;
    private final IndexColumns indexColumns;

    IndexComparisons(SearchEdits edits, IndexColumns indexColumns) {
        this.edits = edits;
        this.indexColumns = indexColumns;
    }

    /** A column reference that reads a secret column with a blind index from a table. */
    record Target(Column column, SecretColumn secret) {
    }

    /**
     * Rewrites the comparison if one side is a secret column with a blind index; returns false when
     * neither side is, leaving the comparison to the ordinary judgement. Throws a {@link Refusal} for a
     * comparison of a searchable column that the index cannot answer.
     */
    boolean rewrite(Expression comparison, Expression left, Expression right, String op, Scope scope,
            String clause) {
        Target l = target(left, scope, clause);
        Target r = right instanceof ExpressionList<?> ? null : target(right, scope, clause);
        if (l == null && r == null) {
            return false;
        }
        SecretColumn secret = l != null ? l.secret() : r.secret();
        boolean in = comparison instanceof InExpression;
        if (comparison instanceof IsDistinctExpression distinct) {
            distinct(distinct, l, r, left, right, scope);
            return true;
        }
        boolean equal = comparison instanceof EqualsTo || in && !((InExpression) comparison).isNot();
        boolean notEqual = comparison instanceof NotEqualsTo || in && ((InExpression) comparison).isNot();
        if (!equal && !notEqual) {
            throw notAnswered(secret, op);
        }
        if (l != null && r != null) {
            join(comparison, l, r, op);
            return true;
        }
        Target column = l != null ? l : r;
        Expression other = l != null ? right : left;
        if (in && l == null) {
            throw notAnswered(secret, op);
        }
        List<Expression> values = new ArrayList<>();
        if (in) {
            if (!(right instanceof ExpressionList<?> list)) {
                throw new Refusal("secret column " + secret + " is compared with IN over an expression that is not a"
                        + " list or a parenthesised subquery; its blind index answers IN over a list of parameters,"
                        + " string literals or NULL, or (SELECT c FROM t ...) with c a secret column of its domain.");
            }
            values.addAll(list);
        } else {
            if (other instanceof Column) {
                throw new Refusal("secret column " + secret + " is compared with a column that is not a secret column"
                        + " with a blind index: a blind index only matches the index of another column of its domain,"
                        + " never a plaintext value. Compare it with a parameter.");
            }
            values.add(other);
        }
        indexColumns.require(column.secret());
        List<SearchEdits.Piece> pieces = new ArrayList<>();
        pieces.add(new SearchEdits.Text(edits.indexReference(column.column(), column.secret())));
        int keys = edits.keyCount();
        if (!in && keys == 1) {
            pieces.add(new SearchEdits.Text(equal ? " = " : " <> "));
            pieces.add(piece(values.get(0), column.secret(), 0));
        } else {
            pieces.add(new SearchEdits.Text(equal ? " IN (" : " NOT IN ("));
            boolean first = true;
            for (Expression value : values) {
                for (int k = 0; k < keys; k++) {
                    if (!first) {
                        pieces.add(new SearchEdits.Text(", "));
                    }
                    first = false;
                    pieces.add(piece(value, column.secret(), k));
                }
            }
            pieces.add(new SearchEdits.Text(")"));
        }
        int[] span = edits.span(comparison, secret);
        edits.replace(span[0], span[1], pieces);
        return true;
    }

    /**
     * {@code c IS [NOT] DISTINCT FROM v}: NULL-safe, so under several keys it becomes an OR (NOT DISTINCT)
     * or AND (DISTINCT) of one comparison per key; between two columns of one domain, of their index columns.
     */
    private void distinct(IsDistinctExpression d, Target l, Target r, Expression left, Expression right, Scope scope) {
        String op = d.isNot() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ";
        SecretColumn secret = l != null ? l.secret() : r.secret();
        List<SearchEdits.Piece> pieces = new ArrayList<>();
        if (l != null && r != null) {
            requireSameDomain(l.secret(), r.secret());
            pieces.add(new SearchEdits.Text(edits.indexReference(l.column(), l.secret()) + op
                    + edits.indexReference(r.column(), r.secret())));
        } else {
            Target column = l != null ? l : r;
            Expression other = l != null ? right : left;
            if (other instanceof Column) {
                throw new Refusal("secret column " + secret + " is compared with a column that is not a secret column"
                        + " with a blind index: a blind index only matches the index of another column of its domain,"
                        + " never a plaintext value. Compare it with a parameter.");
            }
            indexColumns.require(column.secret());
            String reference = edits.indexReference(column.column(), column.secret());
            int keys = edits.keyCount();
            if (keys > 1) {
                pieces.add(new SearchEdits.Text("("));
            }
            for (int k = 0; k < keys; k++) {
                if (k > 0) {
                    pieces.add(new SearchEdits.Text(d.isNot() ? " OR " : " AND "));
                }
                pieces.add(new SearchEdits.Text(reference + op));
                pieces.add(piece(other, column.secret(), k));
            }
            if (keys > 1) {
                pieces.add(new SearchEdits.Text(")"));
            }
        }
        int[] span = edits.span(d, secret);
        edits.replace(span[0], span[1], pieces);
    }

    private SearchEdits.Piece piece(Expression value, SecretColumn secret, int key) {
        Expression v = value;
        while (v instanceof net.sf.jsqlparser.expression.Parenthesis p) {
            v = p.getExpression();
        }
        SearchEdits.Piece piece = edits.value(v, secret, key);
        if (piece == null) {
            throw new Refusal("secret column " + secret + " is compared with an expression that is not a parameter, a"
                    + " string literal or NULL; its blind index can only match such values (a computed or plain"
                    + " value would have to be hashed by the database, which has no key). Bind the value as a"
                    + " parameter.");
        }
        return piece;
    }

    /** Refuses comparing two secret columns whose blind indexes have different domains: they never match. */
    static void requireSameDomain(SecretColumn a, SecretColumn b) {
        if (!a.blindIndex().domain().equals(b.blindIndex().domain())) {
            throw new Refusal("secret columns " + a + " and " + b + " are compared, but their blind indexes have"
                    + " different domains, so equal values have different index values. Give both the same domain"
                    + " (@domain in secret.search) to compare them.");
        }
    }

    /**
     * {@code c [NOT] IN (SELECT d FROM t ...)} where {@code d} is a secret column of {@code c}'s domain read
     * from a table: both move to their index columns, {@code c_bidx IN (SELECT d_bidx FROM t ...)}, exact
     * with NULLs as well (a NULL value has a NULL index). {@code sub} is the planned subquery. Like a join, it
     * compares stored index values with each other: rows indexed under different keys match only once
     * {@code rotate} has rewritten them (the rotation caveat of joins, reference §6 "Search").
     */
    void inSubquery(Target column, QueryAnalyzer.Query sub, Select select) {
        SecretColumn secret = column.secret();
        Select body = select;
        while (body instanceof ParenthesedSelect p) {
            body = p.getSelect();
        }
        if (!(body instanceof PlainSelect plain) || sub.expressions().size() != 1
                || !(sub.expressions().get(0) instanceof Column)) {
            throw new Refusal("secret column " + secret + " is compared with IN over a subquery that is not one"
                    + " SELECT of one column; its blind index answers IN (SELECT c FROM t ...) only where c is a"
                    + " secret column of its domain. Select that column alone, or use EXISTS.");
        }
        Target other = target(sub.expressions().get(0), sub.scope(), false);
        if (other == null) {
            throw new Refusal("secret column " + secret + " is compared with IN over a subquery whose column is not"
                    + " a secret column with a blind index: a blind index only matches the index of another column"
                    + " of its domain, never a plaintext value. Select a secret column of the same domain.");
        }
        requireSameDomain(secret, other.secret());
        if (plain.getDistinct() != null || plain.getGroupBy() != null) {
            throw new Refusal("secret column " + secret + " is compared with IN over a subquery with DISTINCT or"
                    + " GROUP BY; IN ignores duplicates, so remove them from the subquery.");
        }
        indexColumns.require(secret);
        indexColumns.require(other.secret());
        for (Target t : List.of(column, other)) {
            edits.replaceByIndexColumn(t.column(), t.column(), t.secret());
        }
    }

    /** {@code a.email = b.email} between two columns of one domain: their index columns are compared. */
    private void join(Expression comparison, Target l, Target r, String op) {
        requireSameDomain(l.secret(), r.secret());
        if (comparison instanceof InExpression) {
            throw notAnswered(l.secret(), op);
        }
        // Rows written under different keys have different index values until rotate has rewritten
        // them: the documented rotation caveat of joins.
        boolean equal = comparison instanceof EqualsTo;
        int[] span = edits.span(comparison, l.secret());
        edits.replace(span[0], span[1], List.of(
                new SearchEdits.Text(edits.indexReference(l.column(), l.secret()) + (equal ? " = " : " <> ")
                        + edits.indexReference(r.column(), r.secret()))));
    }

    /**
     * {@link #target(Expression, Scope, boolean)} as seen in {@code clause}; refused in HAVING, which
     * filters groups, not rows.
     */
    Target target(Expression e, Scope scope, String clause) {
        Target target = target(e, scope, ExpressionJudge.aliasesVisible(clause));
        if (target != null && clause.equals("HAVING")) {
            throw new Refusal("secret column " + target.secret() + " cannot be compared in HAVING: its blind index"
                    + " answers comparisons of rows in WHERE, ON and IN (SELECT ...). Move the comparison to WHERE.");
        }
        return target;
    }

    /**
     * The secret column with a blind index that {@code e} reads from a table, or null when {@code e} is no
     * such column reference; refuses one read through a derived table, CTE or alias (no index column there).
     */
    static Target target(Expression e, Scope scope, boolean aliases) {
        if (!(e instanceof Column column) || column.getArrayConstructor() != null) {
            return null;
        }
        String qualifier = column.getTable() == null || column.getTable().getName() == null
                ? null : column.getTable().getName();
        SecretColumn c = scope.resolve(qualifier, column.getColumnName(), aliases);
        if (c == null || c.blindIndex() == null) {
            return null;
        }
        if (!scope.readsTable(qualifier, column.getColumnName())) {
            throw new Refusal("secret column " + c + " has a blind index but is compared here through a derived table,"
                    + " a common table expression or a select alias, which do not carry its index column. Compare the"
                    + " column of the table itself.");
        }
        return new Target(column, c);
    }

    static Refusal notAnswered(SecretColumn c, String op) {
        return new Refusal("secret column " + c + " cannot be compared with '" + op + "': its blind index "
                + c.blindIndex().column() + " answers only equality (=, <>, IN, NOT IN, IS [NOT] DISTINCT FROM with"
                + " parameters, string literals or NULL, and = between columns of one domain); order, ranges, LIKE and functions need the"
                + " plaintext, which the database never has. Filter on another column, or read the rows and filter"
                + " in the application.");
    }
}
