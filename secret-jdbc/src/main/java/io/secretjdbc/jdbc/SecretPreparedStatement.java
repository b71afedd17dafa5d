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
     * One execution of the prepared statement, as a constant: a static method reference (or a lambda that
     * captures nothing) is one shared instance, so an execution allocates nothing for it (hot path).
     */
    @FunctionalInterface
    private interface Execution {
        long on(PreparedStatement ps) throws SQLException;
    }

    private static final Execution UPDATE = PreparedStatement::executeUpdate;
    private static final Execution LARGE_UPDATE = PreparedStatement::executeLargeUpdate;
    private static final Execution EXECUTE = ps -> ps.execute() ? 1 : 0;

    /** Before any execution: these results become the current ones, and the column order is checked. */
    private void start() throws SQLException {
        current = plan;
        resultsMove();
        requireCurrentOrder(plan);
    }

    /**
     * Every execution that may write: explain a "value too long" error in ciphertext terms and notice
     * DDL, whatever happens.
     */
    private long run(Execution execution) throws SQLException {
        try {
            start();
            try {
                return lengths.executed(execution.on(ps));
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
    public ResultSet executeQuery() throws SQLException {
        try {
            start();
            return wrap(ps.executeQuery());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) run(UPDATE);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return run(LARGE_UPDATE);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(EXECUTE) != 0;
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
        perform(ps, PreparedStatement::clearParameters);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return SecretResultSetMetaData.of(context, call(ps, PreparedStatement::getMetaData));
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        ParameterMetaData sealed = Sealed.parameters(context, call(ps, PreparedStatement::getParameterMetaData));
        return plan.search() == null || sealed == null ? sealed : new MappedParameterMetaData(sealed, plan.search());
    }
}
