package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Values;

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
        SecretColumn first = firstIndexed(targets);
        boolean lone = values != null && values.getExpressions() == row;
        int[] span = edits.span(lone ? values : row, first);
        if (!(row instanceof ParenthesedExpressionList<?>) || span[1] <= span[0]
                || edits.originalChar(span[1] - 1) != ')') {
            throw new Refusal("secret column " + first + " has a blind index, and this INSERT's rows are not written"
                    + " as (value, ...) lists, so the driver cannot add the index values. Write VALUES (...), (...).");
        }
        int close = span[1] - 1;
        for (int i = 0; i < targets.size(); i++) {
            SecretColumn t = targets.get(i);
            if (t != null && t.blindIndex() != null) {
                edits.replace(close, close, List.of(new SearchEdits.Text(", "), piece(row.get(i), t)));
            }
        }
    }

    /** {@code SET email = v}: {@code , email_bidx = index(v)} after the value. */
    void set(Column column, Expression value, SecretColumn target) {
        indexColumns.require(target);
        int end = edits.span(value, target)[1];
        edits.replace(end, end, List.of(new SearchEdits.Text(", " + edits.indexReference(column, target) + " = "),
                piece(value, target)));
    }

    private SearchEdits.Piece piece(Expression value, SecretColumn target) {
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
        SearchEdits.Piece piece = edits.value(v, target, 0);
        if (piece == null) {
            throw new Refusal("secret column " + target + " has a blind index and is written here from another column"
                    + " or a subquery; the driver can only compute its index from a parameter, a string literal or"
                    + " NULL. Read the value and write it with a parameter.");
        }
        return piece;
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
