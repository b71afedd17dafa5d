package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write side of a plan: which parameters and string literals go to secret columns, and which
 * assignments to secret columns are refused. One instance per planned statement.
 */
final class WriteAnalyzer {

    /** A string literal of the original text bound for a secret column. */
    record SecretLiteral(SqlText.Literal literal, SecretColumn column) {
        @Override
        public String toString() {
            return "SecretLiteral[" + literal + " -> " + column + "]";
        }
    }

    private final SqlText text;
    private final ExpressionJudge judge;
    private final QueryAnalyzer queries;
    private final List<SecretColumn> parameters = new ArrayList<>();
    private final List<SecretLiteral> literals = new ArrayList<>();
    private SecretColumn firstWrite;
    /** A derived table whose columns are written through by name (see {@link #source}); null if none. */
    private Source source;
    /** Adds index values to writes of columns with a blind index; null when the registry has none. */
    private IndexWrites indexWrites;
    /** True while the value being assigned is one whose index {@link #indexWrites} writes too. */
    private boolean indexed;

    WriteAnalyzer(SqlText text, ExpressionJudge judge, QueryAnalyzer queries) {
        this.text = text;
        this.judge = judge;
        this.queries = queries;
    }

    /**
     * The derived table {@code alias} of a MERGE ... USING (SELECT ...) AS alias whose columns are written
     * through by name: {@code alias.x} stands for the select-list expression labelled x.
     */
    record Source(String alias, QueryAnalyzer.Query query) {
        /** The expression behind {@code alias.name}, or null (another qualifier, no such label, or ambiguous). */
        Expression expressionOf(Column column) {
            String qualifier = column.getTable() == null ? null : column.getTable().getName();
            if (qualifier == null || !alias.equals(Identifiers.normalize(qualifier))) {
                return null;
            }
            String label = Identifiers.normalize(column.getColumnName());
            Expression found = null;
            for (int i = 0; i < query.items().size(); i++) {
                if (query.items().get(i) instanceof ResultItem.Fixed f && label.equals(f.label())) {
                    if (found != null) {
                        return null;
                    }
                    found = query.expressions().get(i);
                }
            }
            return found;
        }

        /** Expressions print as SQL, literals included: never shown. */
        @Override
        public String toString() {
            return "Source[" + alias + "]";
        }
    }

    /**
     * Declares the derived table {@code alias} of a MERGE ... USING (SELECT ...) AS alias: a column of it
     * written to a secret column is judged as the select-list expression that computes it, so a
     * parameter there is encrypted, a literal rewritten, a secret column copied, and anything else
     * refused, exactly as if it were written in place. Only for a plain SELECT with an expression per
     * column (no *, no set operation), whose output column is its expression's value.
     *
     * @return the declared source, or null when the query is not of that form
     */
    Source source(String alias, QueryAnalyzer.Query query) {
        if (query.arms().isEmpty() && !query.expressions().isEmpty() && !query.expressions().contains(null)
                && query.expressions().size() == query.items().size()) {
            source = new Source(alias, query);
        }
        return source;
    }

    void setIndexWrites(IndexWrites indexWrites) {
        this.indexWrites = indexWrites;
    }

    /** Marks the values assigned until {@code indexed(false)} as ones whose index is written too. */
    void indexed(boolean on) {
        indexed = on;
    }

    SecretColumn[] parameters() {
        return parameters.toArray(new SecretColumn[0]);
    }

    List<SecretLiteral> literals() {
        return literals;
    }

    SecretColumn firstWrite() {
        return firstWrite;
    }

    /** A value written to a column: judged, and if the column is secret, marked for encryption or refused. */
    void assign(Expression value, SecretColumn target, Scope scope, String clause) {
        if (target == null) {
            judge.eval(value, scope, clause); // a secret copied into a plain column stays ciphertext: allowed
            return;
        }
        if (target.blindIndex() != null && !indexed) {
            throw indexNotKept(target, clause);
        }
        if (value == null || value instanceof NullValue) {
            return;
        }
        if (value instanceof Parenthesis p) {
            assign(p.getExpression(), target, scope, clause);
        } else if (value instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            assign(list.get(0), target, scope, clause);
        } else if (value instanceof CastExpression cast) {
            // A cast never hides a parameter: the value inside is what gets encrypted.
            assign(cast.getLeftExpression(), target, scope, clause);
        } else if (value instanceof JdbcParameter p) {
            parameter(p, target);
        } else if (value instanceof JdbcNamedParameter named) {
            throw Refusal.assigned(target, "a named parameter (:name)", clause
                    + " (named parameters cannot be matched to JDBC indexes); use ? instead and bind by index");
        } else if (value instanceof StringValue s) {
            literal(s, target, clause);
        } else if (value instanceof Column column) {
            copy(column, target, scope, clause);
        } else if (value instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column c) {
            // MySQL ON DUPLICATE KEY UPDATE c = VALUES(c): the value the INSERT would have written.
            SecretColumn source = scope.resolve(null, c.getColumnName(), false);
            if (source == null) {
                throw Refusal.copiedFromPlain(target, "VALUES(...) of a non-secret column", clause);
            }
            written(target);
        } else if (value instanceof ParenthesedSelect sub) {
            QueryAnalyzer.Query q = queries.query(sub.getSelect(), scope);
            SecretColumn source = q.items().size() == 1 && q.items().get(0) instanceof ResultItem.Fixed f ? f.secret() : null;
            if (source == null) {
                throw Refusal.assigned(target, "a subquery that does not return a secret column", clause);
            }
            written(target);
        } else {
            judge.eval(value, scope, clause);
            throw Refusal.assigned(target, describe(value), clause);
        }
    }

    /**
     * {@code INSERT ... SELECT} that keeps the blind index of its targets: the index values are added to
     * each arm's select list ({@link IndexWrites#selectRow}), then each value is judged as a write.
     */
    void assignPositionalIndexed(Select select, QueryAnalyzer.Query q, List<SecretColumn> targets, String clause) {
        indexWrites.selectRow(select, q, targets, text.dialect());
        indexed = true;
        try {
            assignPositional(q, targets, clause);
        } finally {
            indexed = false;
        }
    }

    /** {@code INSERT ... SELECT}: each selected expression goes to the target column at its position. */
    void assignPositional(QueryAnalyzer.Query q, List<SecretColumn> targets, String clause) {
        if (!q.arms().isEmpty()) {
            for (QueryAnalyzer.Query arm : q.arms()) {
                assignPositional(arm, targets, clause);
            }
            return;
        }
        boolean anySecret = targets.stream().anyMatch(t -> t != null);
        if (!anySecret) {
            return;
        }
        SecretColumn first = targets.stream().filter(t -> t != null).findFirst().orElseThrow();
        if (q.expressions().isEmpty() || q.expressions().contains(null) || q.items().size() != q.expressions().size()) {
            throw new Refusal("secret column " + first + " is written by a SELECT whose columns cannot be matched"
                    + " by position (a * or a VALUES list) in " + clause + ". List the selected columns explicitly.");
        }
        if (q.expressions().size() != targets.size()) {
            throw new Refusal("secret column " + first + " is written by a SELECT of " + q.expressions().size()
                    + " columns into " + targets.size() + " columns in " + clause + ", so its values cannot be matched"
                    + " to the columns. Select one value per column.");
        }
        for (int i = 0; i < targets.size() && i < q.expressions().size(); i++) {
            if (targets.get(i) != null) {
                assign(q.expressions().get(i), targets.get(i), q.scope(), clause);
            }
        }
    }

    /** {@code SET a = x, (b, c) = (y, z), (d, e) = (SELECT ...)}; no blind index is written (refused there). */
    void updateSets(List<UpdateSet> sets, Scope scope, String clause) {
        updateSets(sets, scope, clause, false);
    }

    /**
     * As {@link #updateSets(List, Scope, String)}; with {@code keepsIndex} (a plain UPDATE), a single
     * {@code column = value} of a column with a blind index also writes its index.
     */
    void updateSets(List<UpdateSet> sets, Scope scope, String clause, boolean keepsIndex) {
        if (sets == null) {
            return;
        }
        for (UpdateSet set : sets) {
            List<SecretColumn> targets = new ArrayList<>();
            for (Column column : set.getColumns()) {
                targets.add(target(column, scope, clause));
            }
            ExpressionList<?> values = set.getValues();
            if (indexWrites != null && keepsIndex && targets.size() == 1 && values.size() == 1
                    && targets.get(0) != null && targets.get(0).blindIndex() != null) {
                indexWrites.set(set.getColumns().get(0), values.get(0), targets.get(0), scope);
                indexed = true;
                try {
                    assign(values.get(0), targets.get(0), scope, clause);
                } finally {
                    indexed = false;
                }
                continue;
            }
            if (values.size() == 1 && targets.size() > 1 && values.get(0) instanceof Select select) {
                assignPositional(queries.query(select, scope), targets, clause);
                continue;
            }
            if (values.size() == 1 && targets.size() > 1 && values.get(0) instanceof ParenthesedExpressionList<?> row) {
                values = row;
            }
            if (values.size() != targets.size()) {
                throw new Refusal("a SET clause with " + targets.size() + " columns and " + values.size()
                        + " values cannot be matched in " + clause + ". Write one column = value per assignment.");
            }
            for (int i = 0; i < targets.size(); i++) {
                assign(values.get(i), targets.get(i), scope, clause);
            }
        }
    }

    /** The secret column an assignment target is, resolved through the statement's tables. */
    SecretColumn target(Column column, Scope scope, String clause) {
        String qualifier = column.getTable() == null ? null : column.getTable().getName();
        SecretColumn c = scope.resolve(qualifier, column.getColumnName(), false);
        SecretColumn indexOf = scope.indexedBy(qualifier, column.getColumnName());
        if (indexOf != null) {
            throw indexWritten(indexOf, clause);
        }
        if (column.getArrayConstructor() != null) {
            // SET a[i] = ...: an element of a, or (SQLite) a followed by the quoted name [i].
            if (c != null) {
                throw Refusal.computed(c, "an array subscript", clause);
            }
            judge.subscripts(column, scope, clause);
        }
        return c;
    }

    private void parameter(JdbcParameter p, SecretColumn target) {
        Integer index = p.getIndex();
        if (index == null || index < 1) {
            throw Refusal.assigned(target, "a parameter whose position cannot be determined", "this statement");
        }
        if (!text.portableParameterIndexes()) {
            throw new Refusal("secret column " + target + " is bound to a parameter in a statement that mixes"
                    + " parameter styles (?, ?N, $N, :name, @name, $name): drivers number such parameters"
                    + " differently, so the value could be encrypted at the wrong index and sent in the clear."
                    + " Use only ? placeholders (or only ?N).");
        }
        while (parameters.size() <= index) {
            parameters.add(null);
        }
        parameters.set(index, target);
        written(target);
    }

    private void literal(StringValue s, SecretColumn target, String clause) {
        SqlText.Literal literal = text.literalOf(s.getValue());
        String prefix = s.getPrefix() == null ? "" : s.getPrefix().toUpperCase(Locale.ROOT);
        if (literal == null || !(prefix.isEmpty() || prefix.equals("N"))) {
            throw Refusal.assigned(target, "a string literal of a form that cannot be rewritten", clause
                    + "; bind the value as a parameter instead");
        }
        if (literal.value().indexOf('\\') >= 0) {
            throw Refusal.assigned(target, "a string literal containing a backslash (databases disagree on what it"
                    + " means)", clause + "; bind the value as a parameter instead");
        }
        if (literal.value().isEmpty()) {
            return; // '' stays '' (as Kestra)
        }
        literals.add(new SecretLiteral(literal, target));
        written(target);
    }

    private void copy(Column column, SecretColumn target, Scope scope, String clause) {
        String name = column.getColumnName();
        if (column.getTable() == null && "DEFAULT".equalsIgnoreCase(name)) {
            throw Refusal.assigned(target, "DEFAULT (a column default would be stored unencrypted)", clause);
        }
        String qualifier = column.getTable() == null ? null : column.getTable().getName();
        Expression computed = source == null ? null : source.expressionOf(column);
        if (computed != null) {
            assign(computed, target, source.query().scope(), clause);
            return;
        }
        SecretColumn source = scope.resolve(qualifier, name, false);
        if (source == null) {
            // Named only if the flows declare it: an unresolved name may be a value ("x" is a string on SQLite).
            String plain = Identifiers.normalize(name);
            boolean declared = scope.registry().tables().stream().anyMatch(t -> t.plainColumns().contains(plain));
            throw Refusal.copiedFromPlain(target, declared ? "the non-secret column " + plain
                    : "a name that is not a secret column", clause);
        }
        if (qualifier == null && name.startsWith("\"") && text.dialect() == Dialect.SQLITE) {
            // SQLite reads "x" as the string 'x' where no column x is in scope (VALUES, a FROM without it).
            throw Refusal.assigned(target, "a double-quoted name, which SQLite reads as a string when no column of"
                    + " that name is in scope", clause + "; write the column without quotes or qualified (t.\"x\")");
        }
        written(target); // ciphertext copied as is: still encrypted under the same keys
    }

    /** A write of a column with a blind index by a path that would not write its index: refused. */
    static Refusal indexNotKept(SecretColumn target, String clause) {
        return new Refusal("secret column " + target + " has a blind index (" + target.blindIndex().column()
                + "), which every write of it must keep, and " + clause + " is not a write the driver can add the"
                + " index value to. Write it with INSERT INTO t (columns) VALUES (...) or UPDATE t SET "
                + target.column() + " = ?.");
    }

    /** A statement that names an index column as a target: only the driver writes it. */
    static Refusal indexWritten(SecretColumn indexOf, String clause) {
        return new Refusal("column " + indexOf.blindIndex().column() + " is the blind index of secret column " + indexOf
                + " and is written by the driver alone; " + clause + " names it as a target. Write " + indexOf
                + " and leave its index to the driver.");
    }

    void written(SecretColumn target) {
        if (firstWrite == null) {
            firstWrite = target;
        }
    }

    private static String describe(Expression value) {
        if (value instanceof Function f) {
            return SqlFunctions.isStandard(f.getName()) ? "the result of " + f.getName() + "()"
                    : "the result of a function";
        }
        if (value instanceof Concat) {
            return "a concatenation";
        }
        if (value instanceof LongValue || value instanceof DoubleValue) {
            return "a number literal";
        }
        if (value instanceof BinaryExpression b) {
            return "an expression with '" + b.getStringExpression().trim() + "'";
        }
        return "a computed expression (" + value.getClass().getSimpleName() + ")";
    }

}
