package io.secretjdbc.jdbc;

import io.secretjdbc.sql.Plan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A statement whose SQL is planned before it is sent: refused where reference §6 says so, secret string
 * literals rewritten to ciphertext, and result sets wrapped so secret columns come back decrypted.
 */
public class SecretStatement extends JdbcWrapper implements Statement {

    private final SecretConnection connection;
    private final Statement delegate;
    /** The plan of the SQL that produced the current results: decides what getResultSet decrypts. */
    Plan current;
    /** Secret value lengths, to explain a "value too long" error in terms of ciphertext (CiphertextLength). */
    final CiphertextLength lengths = new CiphertextLength();
    /** What result sets answer to getStatement(): this, or the proxy of a CallableStatement. */
    private Statement self = this;
    /**
     * The result set handed out for the current results, so getResultSet() returns the same wrapper
     * (and does not ask again: sqlite-jdbc refuses a second getResultSet). Forgotten when the results move.
     */
    private ResultSet lastWrapper;

    SecretStatement(SecretContext context, SecretConnection connection, Statement delegate) {
        super(context, delegate);
        this.connection = connection;
        this.delegate = delegate;
    }

    /** Plans {@code sql}, remembers the plan for the results, and returns the text to send. */
    private String prepareToRun(String sql) throws SQLException {
        Plan plan = context.plan(sql, connection);
        if (plan.positionalInsert() != null && !currentOrder(plan)) {
            // The table changed behind the cached plan (another connection, a batch, a rollback): plan anew.
            context.schemaChanged();
            plan = context.plan(sql, connection);
            if (plan.positionalInsert() != null && !currentOrder(plan)) {
                throw new TableColumns.StaleColumnOrder();
            }
        }
        String text = StatementExecution.textToSend(context, plan);
        current = plan;
        return text;
    }

    /** True when the table of a positional INSERT has, now and on this connection, the order it was planned with. */
    final boolean currentOrder(Plan plan) throws SQLException {
        try {
            TableColumns.check(connection, plan.positionalInsert());
            return true;
        } catch (TableColumns.StaleColumnOrder stale) {
            return false;
        }
    }

    /** For prepared statements, whose bound values are already encrypted: a changed order is refused. */
    final void requireCurrentOrder(Plan plan) throws SQLException {
        if (plan.positionalInsert() != null && !currentOrder(plan)) {
            context.schemaChanged(); // so that preparing again reads the new order
            throw new TableColumns.StaleColumnOrder();
        }
    }

    /** A positional INSERT queued in this batch, checked again when the batch runs; null if none. */
    Plan batchedPositional;

    /** True when a batched string changes the schema (the plan says so): the batch's run forgets column orders. */
    boolean batchChangesSchema;

    /** After running a statement: DDL (as its plan says) may have changed a table's column order. */
    private void ran(Plan plan) {
        if (plan != null && plan.changesSchema()) {
            context.schemaChanged();
        }
    }

    /**
     * A batch runs its statements in order after they were all planned: DDL queued before a positional
     * INSERT into a registry table (or after one) would change the order under values already matched to
     * it, so the two never share a batch.
     */
    final void refuseOrderChangeInBatch(Plan plan) throws SQLException {
        if (plan.positionalInsert() != null && batchChangesSchema
                || plan.changesSchema() && batchedPositional != null) {
            throw new SQLException("A batch that changes the schema cannot also hold an INSERT without a column list"
                    + " into a secret table: the DDL would change the column order the INSERT's values were"
                    + " encrypted for. Run the DDL first, or list the columns in the INSERT.", "0A000");
        }
    }

    /** Checks a queued positional INSERT against the table as it is now, before the batch is sent. */
    private void checkBatchedOrder() throws SQLException {
        Plan positional = batchedPositional;
        if (positional != null) {
            try {
                requireCurrentOrder(positional);
            } catch (SQLException stale) {
                batchDiscarded();
                throw stale;
            }
        }
    }

    /** The queued batch will not run: forget it, here and in the delegate. */
    private void batchDiscarded() throws SQLException {
        batchedPositional = null;
        batchChangesSchema = false;
        lengths.batchDone();
        delegate.clearBatch();
    }

    /** After a batch ran or was cleared. */
    private void batchRan() {
        if (batchChangesSchema) {
            batchChangesSchema = false;
            context.schemaChanged();
        }
    }

    /** Wraps a delegate result set of the current plan, remembered for {@link #getResultSet()}. */
    final ResultSet wrap(ResultSet rs) throws SQLException {
        ResultSet wrapper = StatementExecution.wrapResults(context, self, rs, current);
        lastWrapper = wrapper;
        return wrapper;
    }

    /** Before an execution or getMoreResults: the results handed out so far are not the current ones. */
    final void resultsMove() {
        lastWrapper = null;
    }

    /** Result sets of a CallableStatement name its proxy as their statement. */
    final void ownedBy(Statement owner) {
        this.self = owner;
    }

    /**
     * One execution of an SQL string: the statement, the text to send, and the variant's argument (key
     * flag, column indexes or names; null for none). Every lambda below uses only its parameters, so each
     * is one shared instance and an execution allocates nothing for it.
     */
    @FunctionalInterface
    private interface Execution<A, T> {
        T on(SecretStatement statement, String text, A argument) throws SQLException;
    }

    /**
     * Every {@code execute*(String sql, ...)} path: plan (refusals propagate before anything is sent),
     * run, explain a "value too long" error in ciphertext terms, and notice DDL.
     */
    private <A, T> T run(String sql, Execution<A, T> execution, A argument) throws SQLException {
        String text = prepareToRun(sql);
        resultsMove();
        try {
            return execution.on(this, text, argument);
        } catch (SQLException e) {
            throw Errors.fromDelegate(e, lengths, current);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        } finally {
            ran(current);
        }
    }

    // Twelve variants of three JDBC methods: one line each into run, the argument passed on as it is.

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return run(sql, (s, text, none) -> s.wrap(s.delegate.executeQuery(text)), null);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return run(sql, (s, text, none) -> s.delegate.executeUpdate(text), null);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, (s, text, keys) -> s.delegate.executeUpdate(text, keys), autoGeneratedKeys);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, (s, text, indexes) -> s.delegate.executeUpdate(text, indexes), columnIndexes);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(sql, (s, text, names) -> s.delegate.executeUpdate(text, names), columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return run(sql, (s, text, none) -> s.delegate.executeLargeUpdate(text), null);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, (s, text, keys) -> s.delegate.executeLargeUpdate(text, keys), autoGeneratedKeys);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, (s, text, indexes) -> s.delegate.executeLargeUpdate(text, indexes), columnIndexes);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(sql, (s, text, names) -> s.delegate.executeLargeUpdate(text, names), columnNames);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, (s, text, none) -> s.delegate.execute(text), null);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, (s, text, keys) -> s.delegate.execute(text, keys), autoGeneratedKeys);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, (s, text, indexes) -> s.delegate.execute(text, indexes), columnIndexes);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(sql, (s, text, names) -> s.delegate.execute(text, names), columnNames);
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            // Each batched string is planned on its own; its literals are encrypted now, as it is queued.
            Plan plan = context.plan(sql, connection);
            refuseOrderChangeInBatch(plan);
            if (plan.positionalInsert() != null && !currentOrder(plan)) {
                context.schemaChanged();
                plan = context.plan(sql, connection);
            }
            String text = StatementExecution.textToSend(context, plan);
            refuseOrderChangeInBatch(plan);
            delegate.addBatch(text);
            lengths.batched(plan);
            batchChangesSchema |= plan.changesSchema();
            if (plan.positionalInsert() != null) {
                batchedPositional = plan;
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            ResultSet handedOut = lastWrapper;
            return handedOut != null ? handedOut : wrap(delegate.getResultSet());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return StatementExecution.wrapGeneratedKeys(context, self, call(delegate, Statement::getGeneratedKeys),
                current);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate.getClass().getName() + "]";
    }

    @Override
    public void close() throws SQLException {
        perform(delegate, Statement::close);
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return delegate.getMaxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        delegate.setMaxFieldSize(max);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return delegate.getMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        delegate.setMaxRows(max);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        delegate.setEscapeProcessing(enable);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return delegate.getQueryTimeout();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        delegate.setQueryTimeout(seconds);
    }

    @Override
    public void cancel() throws SQLException {
        perform(delegate, Statement::cancel);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        delegate.setCursorName(name);
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        resultsMove();
        return call(delegate, Statement::getMoreResults);
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        delegate.setFetchDirection(direction);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return delegate.getFetchDirection();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        delegate.setFetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return delegate.getFetchSize();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return delegate.getResultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return delegate.getResultSetType();
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            lengths.batchDone();
            batchChangesSchema = false;
            batchedPositional = null;
            delegate.clearBatch();
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    /** The plan every batched statement shares (a prepared statement's), or null for a batch of SQL texts. */
    Plan batchPlan() {
        return null;
    }

    /** How a batch runs ({@code executeBatch} or {@code executeLargeBatch}), as a shared constant. */
    @FunctionalInterface
    private interface BatchExecution<T> {
        T on(Statement delegate) throws SQLException;
    }

    private static final BatchExecution<int[]> BATCH = Statement::executeBatch;
    private static final BatchExecution<long[]> LARGE_BATCH = Statement::executeLargeBatch;

    /**
     * Both batch executions: the queued positional INSERT checked first, a "value too long" explained in
     * ciphertext terms, and the batch forgotten (and DDL noticed) whatever happens.
     */
    private <T> T runBatch(BatchExecution<T> execution) throws SQLException {
        try {
            resultsMove();
            checkBatchedOrder();
            try {
                return execution.on(delegate);
            } catch (SQLException e) {
                throw Errors.fromDelegate(e, lengths, batchPlan());
            } finally {
                lengths.batchDone();
                batchRan();
                batchedPositional = null;
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return runBatch(BATCH);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        resultsMove();
        return call(delegate, d -> d.getMoreResults(current));
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return delegate.getResultSetHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        delegate.setPoolable(poolable);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return delegate.isPoolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        delegate.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return delegate.isCloseOnCompletion();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        delegate.setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return delegate.getLargeMaxRows();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return runBatch(LARGE_BATCH);
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        Errors.required(val, "literal to quote");
        return delegate.enquoteLiteral(val);
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        Errors.required(identifier, "identifier to quote");
        return delegate.enquoteIdentifier(identifier, alwaysQuote);
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        Errors.required(identifier, "identifier to check");
        return delegate.isSimpleIdentifier(identifier);
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        Errors.required(val, "literal to quote");
        return delegate.enquoteNCharLiteral(val);
    }

}
