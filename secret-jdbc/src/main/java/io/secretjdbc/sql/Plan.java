package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * What secret-jdbc does with one SQL string: made once by the {@link Planner}, cached, immutable,
 * and applied by the JDBC wrappers on every execution. All judgement about SQL lives in the planner;
 * a wrapper only asks a plan these questions.
 */
public final class Plan {

    private static final SecretColumn[] NO_PARAMETERS = new SecretColumn[0];

    private final String sql;
    private final boolean passThrough;
    private final Refusal refusal;
    /** Indexed by JDBC parameter index; entry 0 unused; shorter than the parameter count is fine. */
    private final SecretColumn[] parameters;
    private final SecretColumn firstSecretWrite;
    private final ResultShape results;
    private final SecretTable writeTarget;
    /** Text between secret literals: {@code segments.length == literalValues.length + 1}. */
    private final String[] segments;
    /** The plaintext of each secret literal (held only here, never printed). */
    private final String[] literalValues;
    private final boolean cacheable;
    private final boolean changesSchema;
    /** The column order an INSERT without a column list was matched to, or null (see {@link #positionalInsert()}). */
    private PositionalInsert positional;
    /** The blind index rewrite (reference §6 "Search"), or null: then the text is sent as {@link #render} says. */
    private SearchLayout search;
    /** A secret column whose index the rewrite uses, for the "not configured" message. */
    private SecretColumn indexed;

    /**
     * An INSERT without a column list into a registry table: the table as the statement writes it
     * (qualifiers and quotes kept) and the column order its values were matched to when planned. The
     * database applies the order the table has when the statement runs, so the JDBC layer compares the
     * two at each execution (issue 9 class 3) and never sends values matched to a stale order.
     */
    public record PositionalInsert(String table, java.util.List<String> columns) {
    }

    private Plan(String sql, boolean passThrough, Refusal refusal, SecretColumn[] parameters,
                 SecretColumn firstSecretWrite, ResultShape results, SecretTable writeTarget,
                 String[] segments, String[] literalValues, boolean cacheable) {
        this.sql = sql;
        this.passThrough = passThrough;
        this.refusal = refusal;
        this.parameters = parameters;
        this.firstSecretWrite = firstSecretWrite;
        this.results = results;
        this.writeTarget = writeTarget;
        this.segments = segments;
        this.literalValues = literalValues;
        this.cacheable = cacheable;
        this.changesSchema = SchemaChange.startsSchemaChange(sql);
    }

    static Plan passThrough(String sql) {
        return new Plan(sql, true, null, NO_PARAMETERS, null, ResultShape.NONE, null, null, null, true);
    }

    static Plan refused(String sql, Refusal refusal, boolean cacheable) {
        return new Plan(sql, false, refusal, NO_PARAMETERS, null, ResultShape.NONE, null, null, null, cacheable);
    }

    static Plan of(String sql, SecretColumn[] parameters, SecretColumn firstSecretWrite, ResultShape results,
                   SecretTable writeTarget, String[] segments, String[] literalValues) {
        boolean anyParameter = false;
        for (SecretColumn c : parameters) {
            anyParameter |= c != null;
        }
        boolean literals = literalValues != null && literalValues.length > 0;
        boolean nothing = !anyParameter && !literals && firstSecretWrite == null && results == ResultShape.NONE
                && writeTarget == null;
        return new Plan(sql, nothing, null, parameters, firstSecretWrite, results, writeTarget,
                literals ? segments : null, literals ? literalValues : null, true);
    }

    /** {@link #of} for an INSERT matched by position to {@code positional} (may be null). */
    static Plan of(String sql, SecretColumn[] parameters, SecretColumn firstSecretWrite, ResultShape results,
                   SecretTable writeTarget, String[] segments, String[] literalValues, PositionalInsert positional) {
        Plan plan = of(sql, parameters, firstSecretWrite, results, writeTarget, segments, literalValues);
        plan.positional = positional;
        return plan;
    }

    /** This plan with a blind index rewrite: it is never pass-through then. */
    Plan withSearch(SearchLayout layout, SecretColumn indexedColumn) {
        Plan plan = new Plan(sql, false, null, parameters, firstSecretWrite, results, writeTarget, segments,
                literalValues, cacheable);
        plan.positional = positional;
        plan.search = layout;
        plan.indexed = indexedColumn;
        return plan;
    }

    /**
     * The blind index rewrite, or null for every statement that uses no blind index: then the parameter
     * numbers are the delegate's and {@link #render} gives the text. With one, the wrappers send
     * {@link #renderSearch} and bind through the layout's parameter mapping.
     */
    public SearchLayout search() {
        return search;
    }

    /** A secret column whose blind index the rewrite computes, or null: for the "not configured" message. */
    public SecretColumn indexedColumn() {
        return indexed;
    }

    /** The rewritten text to send, with its literals rendered; only for a plan with {@link #search()}. */
    public String renderSearch(SearchLayout.LiteralRenderer renderer) throws SQLException {
        return search.render(renderer);
    }

    /** The rewritten text with placeholders for rendered literals; for tests and corpora. */
    String searchTemplate() {
        return search == null ? null : search.template();
    }

    /** The positional INSERT this plan matched to a column order, or null: almost every plan. */
    public PositionalInsert positionalInsert() {
        return positional;
    }

    /** The SQL as the application wrote it. */
    public String sql() {
        return sql;
    }

    /**
     * True when nothing is to be done: the statement touches no secret column, so the wrappers pass it
     * to the delegate unchanged and wrap its results without decrypting anything.
     */
    public boolean isPassThrough() {
        return passThrough;
    }

    /**
     * Throws the refusal of reference §6 (a fresh SQLException naming {@code table.column}, the construct and
     * what to do instead, SQLState 0A000), or the parse failure of a statement that names a registry
     * table. Returns normally when the statement may run.
     */
    public void checkAllowed() throws SQLException {
        if (refusal != null) {
            throw refusal.toException();
        }
    }

    /**
     * Throws unless this SQL may run as a {@code CallableStatement}: a procedure's body is invisible to the
     * planner, so a call is allowed only when the statement itself touches no secret column (reference §6,
     * fail closed). Checked when the statement is prepared.
     */
    public void checkCallAllowed() throws SQLException {
        checkAllowed();
        if (!passThrough) {
            throw new SQLException("A CallableStatement cannot be used on secret tables: secret-jdbc cannot see "
                    + "inside the procedure to encrypt or decrypt its values. Use plain INSERT/UPDATE/SELECT "
                    + "statements for secret columns.", "0A000");
        }
    }

    /** True when {@link #checkAllowed()} throws. */
    public boolean isRefused() {
        return refusal != null;
    }

    /** The secret column a JDBC parameter (1-based, as in {@code setString}) is bound to, or null. */
    public SecretColumn secretParameter(int parameterIndex) {
        return parameterIndex > 0 && parameterIndex < parameters.length ? parameters[parameterIndex] : null;
    }

    /**
     * A secret column this statement writes (parameter, literal or copied value), or null if it
     * writes none. Used for the "encryption is not configured" message before anything is sent.
     */
    public SecretColumn firstSecretWrite() {
        return firstSecretWrite;
    }

    /** True when string literals in the SQL text go to secret columns and must be rewritten. */
    public boolean hasSecretLiterals() {
        return literalValues != null;
    }

    /** How many string literals {@link #render} replaces. */
    public int secretLiteralCount() {
        return literalValues == null ? 0 : literalValues.length;
    }

    /**
     * The SQL to send: the original text with each string literal bound for a secret column replaced
     * by a literal of {@code encrypt.apply(literalValue)} (quoted and escaped for SQL). Returns
     * {@link #sql()} itself when there are no secret literals. NULL literals and {@code ''} stay as
     * they are.
     */
    public String render(UnaryOperator<String> encrypt) {
        if (literalValues == null) {
            return sql;
        }
        if (literalValues.length == 1) {
            // The common case, built by one concatenation: the result string is the only allocation.
            String cipher = encrypt.apply(literalValues[0]);
            if (cipher.indexOf('\'') < 0) {
                return segments[0] + '\'' + cipher + '\'' + segments[1];
            }
        }
        StringBuilder out = new StringBuilder(sql.length() + 64 * literalValues.length);
        out.append(segments[0]);
        for (int i = 0; i < literalValues.length; i++) {
            appendQuoted(out, encrypt.apply(literalValues[i]));
            out.append(segments[i + 1]);
        }
        return out.toString();
    }

    /** Appends {@code value} as an SQL string literal, quotes doubled. */
    static void appendQuoted(StringBuilder out, String value) {
        out.append('\'');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\'') {
                out.append('\'');
            }
            out.append(c);
        }
        out.append('\'');
    }

    /** Which result columns to decrypt (SELECT, RETURNING, ...). {@link ResultShape#NONE} if none. */
    public ResultShape results() {
        return results;
    }

    /**
     * The registry table an INSERT/UPDATE/upsert writes, or null: lets {@code getGeneratedKeys} decrypt
     * generated or named key columns that are secret.
     */
    public SecretTable writeTarget() {
        return writeTarget;
    }

    /**
     * True when running the statement may change a table's columns (DDL, by {@link SchemaChange}, the one
     * classifier): after it runs, the wrappers forget column orders and the plans made from them.
     */
    public boolean changesSchema() {
        return changesSchema;
    }

    /** False for plans whose outcome depends on something that may change (a failed column lookup). */
    boolean isCacheable() {
        return cacheable;
    }

    /** Never prints the SQL: its literals may be plaintext secrets. */
    @Override
    public String toString() {
        if (refusal != null) {
            return "Plan[refused]";
        }
        if (passThrough) {
            return "Plan[pass-through]";
        }
        StringBuilder s = new StringBuilder("Plan[");
        for (int i = 1; i < parameters.length; i++) {
            if (parameters[i] != null) {
                s.append('?').append(i).append("->").append(parameters[i].qualifiedName()).append(' ');
            }
        }
        s.append("literals=").append(secretLiteralCount());
        if (writeTarget != null) {
            s.append(" writes=").append(writeTarget.name());
        }
        return s.append(']').toString();
    }
}
