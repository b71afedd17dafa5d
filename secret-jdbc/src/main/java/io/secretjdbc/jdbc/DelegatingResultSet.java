package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;

/**
 * The part of a wrapped {@link ResultSet} that never meets a value (cursor movement, fetch settings,
 * warnings, metadata, row operations, closing: plain delegation), and the column lookups that every
 * accessor of the subclasses shares. The accessors are split by concern: {@link GuardedUpdates} (updaters
 * that refuse a secret column), {@link GuardedResultSet} (typed and byte getters, and getters that refuse
 * one), {@link SecretResultSet} (text getters and updaters that decrypt and encrypt). All hand-written,
 * not a proxy: {@code next}, {@code wasNull} and the getters are on every row's path.
 */
abstract class DelegatingResultSet extends JdbcWrapper implements ResultSet {

    final ResultSet delegate;
    /** Secret column per JDBC column index, or null when the result holds none (the common case). */
    final SecretColumn[] secrets;
    private ResultSetMetaData metaData;

    DelegatingResultSet(SecretContext context, ResultSet delegate, SecretColumn[] secrets) {
        super(context, delegate);
        this.delegate = delegate;
        this.secrets = secrets;
    }

    /** The secret column at an index, or null. */
    final SecretColumn secretAt(int columnIndex) {
        SecretColumn[] s = secrets;
        return s == null || columnIndex <= 0 || columnIndex >= s.length ? null : s[columnIndex];
    }

    /**
     * The index of a label, for an accessor of a result that holds secret columns (it must know whether
     * the label names one); a null label fails first.
     */
    final int indexOf(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return delegate.findColumn(columnLabel);
    }

    /** The label, checked: a null one fails here, not as a NullPointerException inside a driver. */
    static String label(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return columnLabel;
    }

    /** The index, after refusing {@code accessor} on a secret column (it cannot read or write ciphertext). */
    final int plain(int columnIndex, String accessor) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column != null) {
            String where = "Column " + columnIndex + " comes from";
            throw new SQLException(accessor.startsWith("update")
                    ? ValuePolicy.bindRefusal(where, column.qualifiedName(), accessor)
                    : ValuePolicy.readRefusal(where, column.qualifiedName(), accessor), "0A000");
        }
        return columnIndex;
    }

    /** The label, checked, after refusing {@code accessor} when it names a secret column. */
    final String plain(String columnLabel, String accessor) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets != null) {
            plain(delegate.findColumn(columnLabel), accessor);
        }
        return columnLabel;
    }

    @Override
    public boolean next() throws SQLException {
        return delegate.next();
    }

    @Override
    public void close() throws SQLException {
        perform(delegate, ResultSet::close);
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public boolean wasNull() throws SQLException {
        return delegate.wasNull();
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
    public String getCursorName() throws SQLException {
        return delegate.getCursorName();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        // Made once: row mappers ask on every row. Never the delegate's (sqlite-jdbc's is the result set).
        ResultSetMetaData md = metaData;
        if (md == null) {
            md = SecretResultSetMetaData.of(context, delegate.getMetaData());
            metaData = md;
        }
        return md;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        return delegate.findColumn(label(columnLabel));
    }

    // ---- cursor ----

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return delegate.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return delegate.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return delegate.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return delegate.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        delegate.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        delegate.afterLast();
    }

    @Override
    public boolean first() throws SQLException {
        return delegate.first();
    }

    @Override
    public boolean last() throws SQLException {
        return delegate.last();
    }

    @Override
    public int getRow() throws SQLException {
        return delegate.getRow();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        return delegate.absolute(row);
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return delegate.relative(rows);
    }

    @Override
    public boolean previous() throws SQLException {
        return delegate.previous();
    }

    // ---- settings of the result ----

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
    public int getType() throws SQLException {
        return delegate.getType();
    }

    @Override
    public int getConcurrency() throws SQLException {
        return delegate.getConcurrency();
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    // ---- rows of an updatable result set ----

    @Override
    public boolean rowUpdated() throws SQLException {
        return delegate.rowUpdated();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return delegate.rowInserted();
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return delegate.rowDeleted();
    }

    @Override
    public void insertRow() throws SQLException {
        delegate.insertRow();
    }

    @Override
    public void updateRow() throws SQLException {
        delegate.updateRow();
    }

    @Override
    public void deleteRow() throws SQLException {
        delegate.deleteRow();
    }

    @Override
    public void refreshRow() throws SQLException {
        delegate.refreshRow();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        delegate.cancelRowUpdates();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        delegate.moveToInsertRow();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        delegate.moveToCurrentRow();
    }

    /** NULL stays NULL in a secret column too (reference §3): nothing to encrypt. */
    @Override
    public void updateNull(int columnIndex) throws SQLException {
        delegate.updateNull(columnIndex);
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        delegate.updateNull(label(columnLabel));
    }
}
