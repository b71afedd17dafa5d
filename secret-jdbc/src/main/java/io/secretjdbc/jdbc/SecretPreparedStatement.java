package io.secretjdbc.jdbc;

import io.secretjdbc.sql.Plan;

import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A prepared statement: planned when it is prepared; its setters ({@link PreparedBinding}) encrypt what
 * is bound to secret parameters; its executions explain a "value too long" in ciphertext terms and
 * notice DDL.
 */
public final class SecretPreparedStatement extends PreparedBinding {

    private final boolean changesSchema;

    SecretPreparedStatement(SecretContext context, SecretConnection connection, PreparedStatement ps, Plan plan) {
        super(context, connection, ps, plan);
        this.current = plan;
        this.changesSchema = plan.changesSchema();
    }

    /**
     * Binds {@code value}, given through {@code how} (a setter), to a secret parameter as ValuePolicy says:
     * encrypted as its text, or refused before anything is sent. NULL stays NULL.
     */

    /** What a plain parameter's object becomes for the delegate: its own LOB or array, or our CLOB's text. */

    /** The secret column of a parameter, or null; plain parameters pass straight to the delegate. */

    /** A non-text object bound to a secret column is refused; text is encrypted. */

    /**
     * Binds text from a stream or CLOB to a secret parameter as ciphertext; false when the parameter is
     * plain or the value null, so the caller passes it on with its own setter.
     */

    /** Binds a CLOB to a secret parameter as ciphertext, and our own CLOB to a plain one as text; else false. */

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            current = plan;
            resultsMove();
            requireCurrentOrder(plan);
            return wrap(ps.executeQuery());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try {
            current = plan;
            resultsMove();
            requireCurrentOrder(plan);
            try {
                return lengths.executed(ps.executeUpdate());
            } catch (SQLException e) {
                throw Errors.fromDelegate(e, lengths, plan);
            } finally {
                if (changesSchema) {
                    context.schemaChanged();
                }
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try {
            current = plan;
            resultsMove();
            requireCurrentOrder(plan);
            try {
                return lengths.executed(ps.executeLargeUpdate());
            } catch (SQLException e) {
                throw Errors.fromDelegate(e, lengths, plan);
            } finally {
                if (changesSchema) {
                    context.schemaChanged();
                }
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        try {
            current = plan;
            resultsMove();
            requireCurrentOrder(plan);
            try {
                return lengths.executed(ps.execute());
            } catch (SQLException e) {
                throw Errors.fromDelegate(e, lengths, plan);
            } finally {
                if (changesSchema) {
                    context.schemaChanged();
                }
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void addBatch() throws SQLException {
        try {
            refuseOrderChangeInBatch(plan);
            ps.addBatch();
            batchChangesSchema |= changesSchema;
            if (plan.positionalInsert() != null) {
                batchedPositional = plan;
            }
            lengths.batched();
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        try {
            ps.clearParameters();
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return SecretResultSetMetaData.of(context, ps.getMetaData());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            ParameterMetaData sealed = Sealed.parameters(context, ps.getParameterMetaData());
            return plan.search() == null || sealed == null ? sealed : new MappedParameterMetaData(sealed, plan.search());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }
}
