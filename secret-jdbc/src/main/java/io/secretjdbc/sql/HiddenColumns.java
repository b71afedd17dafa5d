package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.util.List;

/**
 * Finds the secret columns that JSqlParser's tree does not show where {@link ExpressionJudge} looks: in an
 * expression type the judge does not know (a window function, a JSON operator), whose children a visitor
 * may not all reach, and behind a call of a function named like a column. It exists apart from the judge
 * because it decides by names and printed text rather than by expression type: the tree is JSqlParser's
 * reading, not the database's, and where the two may differ only a search of every name fails closed.
 */
final class HiddenColumns {

    private final ExpressionJudge judge;
    private final QueryAnalyzer queries;

    HiddenColumns(ExpressionJudge judge, QueryAnalyzer queries) {
        this.judge = judge;
        this.queries = queries;
    }

    /**
     * The secret column a function's name reads as, or null. JSqlParser reads {@code t.secret ('x')} and
     * {@code secret ('x')} as calls of functions so named, where SQLite and others see the column (and
     * fail, but only after the text, literal included, reached them): a name whose last part is a secret
     * column of the table or alias its other parts name, or of a table in scope, stands for that column.
     */
    static SecretColumn namedLikeSecret(Function f, Scope scope) {
        List<String> parts = f.getMultipartName();
        if (parts == null || parts.isEmpty() || parts.get(parts.size() - 1) == null) {
            return null;
        }
        String column = parts.get(parts.size() - 1);
        String qualifier = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        return scope.resolve(qualifier, column, false);
    }

    /**
     * Fail closed for expression types not judged by type (window functions, JSON operators, ...): any
     * secret column anywhere inside is refused, and subqueries inside are planned.
     */
    void scan(Expression e, Scope scope, String clause) {
        String construct = "the expression " + e.getClass().getSimpleName();
        ExpressionVisitorAdapter<Void> scanner = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(Column column, S context) {
                String qualifier = column.getTable() == null ? null : column.getTable().getName();
                SecretColumn c = scope.resolve(qualifier, column.getColumnName(), ExpressionJudge.aliasesVisible(clause));
                ExpressionJudge.refuseComputed(c, construct, clause);
                if (qualifier == null) {
                    ExpressionJudge.refuseWholeRow(scope.wholeRow(column.getColumnName()), clause);
                }
                judge.subscripts(column, scope, clause);
                return null;
            }

            @Override
            public <S> Void visit(Function function, S context) {
                ExpressionJudge.refuseComputed(namedLikeSecret(function, scope), construct, clause);
                return super.visit(function, context);
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                queries.query(select.getSelect(), scope);
                return null;
            }

            // A ParenthesedSelect's accept() calls visit(Select): without this, subqueries inside an
            // unknown expression (trim((SELECT ...))) would never be planned.
            @Override
            public <S> Void visit(Select select, S context) {
                queries.query(select instanceof ParenthesedSelect p ? p.getSelect() : select, scope);
                return null;
            }
        };
        e.accept(scanner, null);
        // The visitor does not reach every child of every type (TRIM(... FROM x) skips x): a name
        // of a secret column anywhere in the construct's text refuses it.
        SecretColumn named = secretNameIn(e.toString(), scope);
        if (named != null) {
            throw Refusal.computed(named, construct, clause);
        }
    }

    /**
     * The secret column of a registry table that a word of {@code text} names ({@link Words#identifierStart}:
     * a word in a string literal counts too, which only refuses more), or null.
     */
    private static SecretColumn secretNameIn(String text, Scope scope) {
        for (int i = Words.identifierStart(text, 0), end; i < text.length(); i = Words.identifierStart(text, end)) {
            end = Words.identifierEnd(text, i);
            String word = text.substring(i, end);
            for (SecretTable t : scope.registry().tables()) {
                SecretColumn c = t.secretColumn(word);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }
}
