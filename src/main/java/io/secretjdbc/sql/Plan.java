package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;

import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * What secret-jdbc does with one SQL string: made once by the {@link Planner}, cached, immutable,
 * and applied by the JDBC wrappers on every execution. All judgement about SQL lives in the planner;
 * a wrapper only asks a plan these questions.
 */
public final class Plan {
    // Implementation owned by the planner; see Planner. The public methods below are the contract
    // that the jdbc package relies on.

    /** The SQL as the application wrote it. */
    public String sql() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * True when nothing is to be done: the statement touches no secret column, so the wrappers pass it
     * to the delegate unchanged and wrap its results without decrypting anything.
     */
    public boolean isPassThrough() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Throws the refusal of SPEC §6 (a fresh SQLException naming {@code table.column}, the construct and
     * what to do instead, SQLState 0A000), or the parse failure of a statement that names a registry
     * table. Returns normally when the statement may run.
     */
    public void checkAllowed() throws SQLException {
        throw new UnsupportedOperationException("TODO");
    }

    /** The secret column a JDBC parameter (1-based, as in {@code setString}) is bound to, or null. */
    public SecretColumn secretParameter(int parameterIndex) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * A secret column this statement writes (parameter, literal or copied value), or null if it
     * writes none. Used for the "encryption is not configured" message before anything is sent.
     */
    public SecretColumn firstSecretWrite() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True when string literals in the SQL text go to secret columns and must be rewritten. */
    public boolean hasSecretLiterals() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The SQL to send: the original text with each string literal bound for a secret column replaced
     * by a literal of {@code encrypt.apply(literalValue)} (quoted and escaped for SQL). Returns
     * {@link #sql()} itself when there are no secret literals. NULL literals and {@code ''} stay as
     * they are.
     */
    public String render(UnaryOperator<String> encrypt) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Which result columns to decrypt (SELECT, RETURNING, ...). {@link ResultShape#NONE} if none. */
    public ResultShape results() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The registry table an INSERT/UPDATE/upsert writes, or null: lets {@code getGeneratedKeys} decrypt
     * generated or named key columns that are secret.
     */
    public io.secretjdbc.registry.SecretTable writeTarget() {
        throw new UnsupportedOperationException("TODO");
    }
}
