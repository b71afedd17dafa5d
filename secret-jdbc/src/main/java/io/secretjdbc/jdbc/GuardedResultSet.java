package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Plain delegation of {@link ResultSet}, except that every typed getter and updater refuses a secret
 * column: only text can be decrypted or encrypted, and a number read from ciphertext would be garbage.
 * {@link SecretResultSet} adds the text accessors that do the crypto. Long only because ResultSet
 * has close to two hundred methods, each a guard and a delegation.
 */
abstract class GuardedResultSet extends JdbcWrapper implements ResultSet {

    final ResultSet delegate;
    /** Secret column per JDBC column index, or null when the result holds none (the common case). */
    final SecretColumn[] secrets;
    private ResultSetMetaData metaData;

    GuardedResultSet(SecretContext context, ResultSet delegate, SecretColumn[] secrets) {
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
     * A secret column read through a typed getter: its decrypted text parsed as {@code type} by the one
     * value policy (reference §6 "Typed values"); null for SQL NULL (the primitive getters then give 0/false
     * and {@code wasNull} is true).
     */
    abstract <T> T secretAs(int columnIndex, SecretColumn column, Class<T> type) throws SQLException;

    private static <T> T or(T value, T zero) {
        return value == null ? zero : value;
    }

    final void requirePlain(int columnIndex, String accessor) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column != null) {
            String where = "Column " + columnIndex + " comes from";
            throw new SQLException(accessor.startsWith("update")
                    ? ValuePolicy.bindRefusal(where, column.qualifiedName(), accessor)
                    : ValuePolicy.readRefusal(where, column.qualifiedName(), accessor), "0A000");
        }
    }

    final void requirePlain(String columnLabel, String accessor) throws SQLException {
        if (secrets != null) {
            requirePlain(delegate.findColumn(columnLabel), accessor);
        }
    }

    @Override
    public boolean next() throws SQLException {
        return delegate.next();
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public boolean wasNull() throws SQLException {
        return delegate.wasNull();
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Boolean.class), false);
        }
        return delegate.getBoolean(columnIndex);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Byte.class), (byte) 0);
        }
        return delegate.getByte(columnIndex);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Short.class), (short) 0);
        }
        return delegate.getShort(columnIndex);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Integer.class), 0);
        }
        return delegate.getInt(columnIndex);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Long.class), 0L);
        }
        return delegate.getLong(columnIndex);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Float.class), 0f);
        }
        return delegate.getFloat(columnIndex);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return or(secretAs(columnIndex, secret, Double.class), 0d);
        }
        return delegate.getDouble(columnIndex);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, BigDecimal.class);
        }
        return delegate.getBigDecimal(columnIndex, scale);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getBytes");
        return delegate.getBytes(columnIndex);
    }

    @Override
    public java.sql.Date getDate(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Date.class);
        }
        return delegate.getDate(columnIndex);
    }

    @Override
    public java.sql.Time getTime(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Time.class);
        }
        return delegate.getTime(columnIndex);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Timestamp.class);
        }
        return delegate.getTimestamp(columnIndex);
    }

    @Override
    public java.io.InputStream getAsciiStream(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getAsciiStream");
        return delegate.getAsciiStream(columnIndex);
    }

    @Override
    public java.io.InputStream getUnicodeStream(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getUnicodeStream");
        return delegate.getUnicodeStream(columnIndex);
    }

    @Override
    public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getBinaryStream");
        return delegate.getBinaryStream(columnIndex);
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getBoolean(columnLabel) : getBoolean(delegate.findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getByte(columnLabel) : getByte(delegate.findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getShort(columnLabel) : getShort(delegate.findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getInt(columnLabel) : getInt(delegate.findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getLong(columnLabel) : getLong(delegate.findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getFloat(columnLabel) : getFloat(delegate.findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getDouble(columnLabel) : getDouble(delegate.findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getBigDecimal(columnLabel, scale) : getBigDecimal(delegate.findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getBytes");
        return delegate.getBytes(columnLabel);
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getDate(columnLabel) : getDate(delegate.findColumn(columnLabel));
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getTime(columnLabel) : getTime(delegate.findColumn(columnLabel));
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getTimestamp(columnLabel) : getTimestamp(delegate.findColumn(columnLabel));
    }

    @Override
    public java.io.InputStream getAsciiStream(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getAsciiStream");
        return delegate.getAsciiStream(columnLabel);
    }

    @Override
    public java.io.InputStream getUnicodeStream(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getUnicodeStream");
        return delegate.getUnicodeStream(columnLabel);
    }

    @Override
    public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getBinaryStream");
        return delegate.getBinaryStream(columnLabel);
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
        Errors.requireLabel(columnLabel);
        return delegate.findColumn(columnLabel);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, BigDecimal.class);
        }
        return delegate.getBigDecimal(columnIndex);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getBigDecimal(columnLabel) : getBigDecimal(delegate.findColumn(columnLabel));
    }

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
    public boolean absolute( int row ) throws SQLException {
        return delegate.absolute(row);
    }

    @Override
    public boolean relative( int rows ) throws SQLException {
        return delegate.relative(rows);
    }

    @Override
    public boolean previous() throws SQLException {
        return delegate.previous();
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
    public int getType() throws SQLException {
        return delegate.getType();
    }

    @Override
    public int getConcurrency() throws SQLException {
        return delegate.getConcurrency();
    }

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
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        requirePlain(columnIndex, "updateBoolean");
        delegate.updateBoolean(columnIndex, x);
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        requirePlain(columnIndex, "updateByte");
        delegate.updateByte(columnIndex, x);
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        requirePlain(columnIndex, "updateShort");
        delegate.updateShort(columnIndex, x);
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        requirePlain(columnIndex, "updateInt");
        delegate.updateInt(columnIndex, x);
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        requirePlain(columnIndex, "updateLong");
        delegate.updateLong(columnIndex, x);
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        requirePlain(columnIndex, "updateFloat");
        delegate.updateFloat(columnIndex, x);
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        requirePlain(columnIndex, "updateDouble");
        delegate.updateDouble(columnIndex, x);
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        requirePlain(columnIndex, "updateBigDecimal");
        delegate.updateBigDecimal(columnIndex, x);
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        requirePlain(columnIndex, "updateBytes");
        delegate.updateBytes(columnIndex, x);
    }

    @Override
    public void updateDate(int columnIndex, java.sql.Date x) throws SQLException {
        requirePlain(columnIndex, "updateDate");
        delegate.updateDate(columnIndex, x);
    }

    @Override
    public void updateTime(int columnIndex, java.sql.Time x) throws SQLException {
        requirePlain(columnIndex, "updateTime");
        delegate.updateTime(columnIndex, x);
    }

    @Override
    public void updateTimestamp(int columnIndex, java.sql.Timestamp x) throws SQLException {
        requirePlain(columnIndex, "updateTimestamp");
        delegate.updateTimestamp(columnIndex, x);
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        requirePlain(columnIndex, "updateAsciiStream");
        delegate.updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        requirePlain(columnIndex, "updateBinaryStream");
        delegate.updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBoolean");
        delegate.updateBoolean(columnLabel, x);
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateByte");
        delegate.updateByte(columnLabel, x);
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateShort");
        delegate.updateShort(columnLabel, x);
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateInt");
        delegate.updateInt(columnLabel, x);
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateLong");
        delegate.updateLong(columnLabel, x);
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateFloat");
        delegate.updateFloat(columnLabel, x);
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateDouble");
        delegate.updateDouble(columnLabel, x);
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBigDecimal");
        delegate.updateBigDecimal(columnLabel, x);
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBytes");
        delegate.updateBytes(columnLabel, x);
    }

    @Override
    public void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateDate");
        delegate.updateDate(columnLabel, x);
    }

    @Override
    public void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateTime");
        delegate.updateTime(columnLabel, x);
    }

    @Override
    public void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateTimestamp");
        delegate.updateTimestamp(columnLabel, x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateAsciiStream");
        delegate.updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBinaryStream");
        delegate.updateBinaryStream(columnLabel, x, length);
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

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getRef");
        return Sealed.seal(context, null, Ref.class, delegate.getRef(columnIndex));
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getBlob");
        return Sealed.seal(context, null, Blob.class, delegate.getBlob(columnIndex));
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getArray");
        return Sealed.seal(context, null, Array.class, delegate.getArray(columnIndex));
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getRef");
        return Sealed.seal(context, null, Ref.class, delegate.getRef(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getBlob");
        return Sealed.seal(context, null, Blob.class, delegate.getBlob(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getArray");
        return Sealed.seal(context, null, Array.class, delegate.getArray(columnLabel));
    }

    @Override
    public java.sql.Date getDate(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Date.class);
        }
        return delegate.getDate(columnIndex, cal);
    }

    @Override
    public java.sql.Date getDate(String columnLabel, Calendar cal) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getDate(columnLabel, cal) : getDate(delegate.findColumn(columnLabel), cal);
    }

    @Override
    public java.sql.Time getTime(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Time.class);
        }
        return delegate.getTime(columnIndex, cal);
    }

    @Override
    public java.sql.Time getTime(String columnLabel, Calendar cal) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getTime(columnLabel, cal) : getTime(delegate.findColumn(columnLabel), cal);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret != null) {
            return secretAs(columnIndex, secret, java.sql.Timestamp.class);
        }
        return delegate.getTimestamp(columnIndex, cal);
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getTimestamp(columnLabel, cal) : getTimestamp(delegate.findColumn(columnLabel), cal);
    }

    @Override
    public java.net.URL getURL(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getURL");
        return delegate.getURL(columnIndex);
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getURL");
        return delegate.getURL(columnLabel);
    }

    @Override
    public void updateRef(int columnIndex, java.sql.Ref x) throws SQLException {
        requirePlain(columnIndex, "updateRef");
        delegate.updateRef(columnIndex, Sealed.in(x));
    }

    @Override
    public void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateRef");
        delegate.updateRef(columnLabel, Sealed.in(x));
    }

    @Override
    public void updateBlob(int columnIndex, java.sql.Blob x) throws SQLException {
        requirePlain(columnIndex, "updateBlob");
        delegate.updateBlob(columnIndex, Sealed.in(x));
    }

    @Override
    public void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBlob");
        delegate.updateBlob(columnLabel, Sealed.in(x));
    }

    @Override
    public void updateClob(int columnIndex, java.sql.Clob x) throws SQLException {
        requirePlain(columnIndex, "updateClob");
        if (x instanceof TextClob ours) {
            delegate.updateString(columnIndex, ours.text());
        } else {
            delegate.updateClob(columnIndex, Sealed.in(x));
        }
    }

    @Override
    public void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateClob");
        if (x instanceof TextClob ours) {
            delegate.updateString(columnLabel, ours.text());
        } else {
            delegate.updateClob(columnLabel, Sealed.in(x));
        }
    }

    @Override
    public void updateArray(int columnIndex, java.sql.Array x) throws SQLException {
        requirePlain(columnIndex, "updateArray");
        delegate.updateArray(columnIndex, Sealed.in(x));
    }

    @Override
    public void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateArray");
        delegate.updateArray(columnLabel, Sealed.in(x));
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getRowId");
        return Sealed.seal(context, null, RowId.class, delegate.getRowId(columnIndex));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getRowId");
        return Sealed.seal(context, null, RowId.class, delegate.getRowId(columnLabel));
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        requirePlain(columnIndex, "updateRowId");
        delegate.updateRowId(columnIndex, Sealed.in(x));
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateRowId");
        delegate.updateRowId(columnLabel, Sealed.in(x));
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
        requirePlain(columnIndex, "updateNClob");
        if (nClob instanceof TextClob ours) {
            delegate.updateString(columnIndex, ours.text());
        } else {
            delegate.updateNClob(columnIndex, Sealed.in(nClob));
        }
    }

    @Override
    public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateNClob");
        if (nClob instanceof TextClob ours) {
            delegate.updateString(columnLabel, ours.text());
        } else {
            delegate.updateNClob(columnLabel, Sealed.in(nClob));
        }
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        requirePlain(columnIndex, "getSQLXML");
        return Sealed.seal(context, null, SQLXML.class, delegate.getSQLXML(columnIndex));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "getSQLXML");
        return Sealed.seal(context, null, SQLXML.class, delegate.getSQLXML(columnLabel));
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
        requirePlain(columnIndex, "updateSQLXML");
        delegate.updateSQLXML(columnIndex, Sealed.in(xmlObject));
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateSQLXML");
        delegate.updateSQLXML(columnLabel, Sealed.in(xmlObject));
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        requirePlain(columnIndex, "updateAsciiStream");
        delegate.updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        requirePlain(columnIndex, "updateBinaryStream");
        delegate.updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateAsciiStream");
        delegate.updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBinaryStream");
        delegate.updateBinaryStream(columnLabel, x, length);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream, long length) throws SQLException {
        requirePlain(columnIndex, "updateBlob");
        delegate.updateBlob(columnIndex, inputStream, length);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBlob");
        delegate.updateBlob(columnLabel, inputStream, length);
    }

    @Override
    public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
        requirePlain(columnIndex, "updateClob");
        delegate.updateClob(columnIndex, reader, length);
    }

    @Override
    public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateClob");
        delegate.updateClob(columnLabel, reader, length);
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
        requirePlain(columnIndex, "updateNClob");
        delegate.updateNClob(columnIndex, reader, length);
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateNClob");
        delegate.updateNClob(columnLabel, reader, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x) throws SQLException {
        requirePlain(columnIndex, "updateAsciiStream");
        delegate.updateAsciiStream(columnIndex, x);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x) throws SQLException {
        requirePlain(columnIndex, "updateBinaryStream");
        delegate.updateBinaryStream(columnIndex, x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateAsciiStream");
        delegate.updateAsciiStream(columnLabel, x);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBinaryStream");
        delegate.updateBinaryStream(columnLabel, x);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
        requirePlain(columnIndex, "updateBlob");
        delegate.updateBlob(columnIndex, inputStream);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateBlob");
        delegate.updateBlob(columnLabel, inputStream);
    }

    @Override
    public void updateClob(int columnIndex, Reader reader) throws SQLException {
        requirePlain(columnIndex, "updateClob");
        delegate.updateClob(columnIndex, reader);
    }

    @Override
    public void updateClob(String columnLabel, Reader reader) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateClob");
        delegate.updateClob(columnLabel, reader);
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader) throws SQLException {
        requirePlain(columnIndex, "updateNClob");
        delegate.updateNClob(columnIndex, reader);
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader) throws SQLException {
        Errors.requireLabel(columnLabel);
        requirePlain(columnLabel, "updateNClob");
        delegate.updateNClob(columnLabel, reader);
    }

}
