package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Date;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The getters of a result set that convert a secret column's decrypted value to a type other than text
 * (reference §6 "Typed values"): the typed getters parse the decrypted text by the one value policy,
 * {@code getBytes} and {@code getBinaryStream} give the decrypted bytes; and the getters that refuse a
 * secret column (ASCII and Unicode streams, URLs, refs, BLOBs, arrays, row ids, SQLXML). Plain columns
 * go straight to the delegate; a result without secret columns pays one null check per call. By label, a
 * result with secret columns finds the index first (it must know whether the label names one).
 */
abstract class GuardedResultSet extends GuardedUpdates {

    GuardedResultSet(SecretContext context, ResultSet delegate, SecretColumn[] secrets) {
        super(context, delegate, secrets);
    }

    /**
     * A secret column read through a typed getter: its decrypted text parsed as {@code type} by the one
     * value policy; null for SQL NULL (the primitive getters then give 0/false and {@code wasNull} is true).
     */
    final <T> T secretAs(int columnIndex, SecretColumn column, Class<T> type) throws SQLException {
        return ValuePolicy.read(secretText(columnIndex, column), type, column.qualifiedName());
    }

    /** A secret column's decrypted text, as every text, stream and CLOB getter reads it; null for NULL. */
    final String secretText(int columnIndex, SecretColumn column) throws SQLException {
        return context.crypto().decrypt(column, delegate.getString(columnIndex));
    }

    /** A secret column's decrypted bytes, unchanged (reference §6 "Typed values": {@code getBytes}); null for NULL. */
    final byte[] secretBytes(int columnIndex, SecretColumn column) throws SQLException {
        return context.crypto().decryptBytes(column, delegate.getString(columnIndex));
    }

    private static <T> T or(T value, T zero) {
        return value == null ? zero : value;
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getBoolean(columnIndex) : or(secretAs(columnIndex, secret, Boolean.class), false);
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getBoolean(label(columnLabel)) : getBoolean(indexOf(columnLabel));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getByte(columnIndex) : or(secretAs(columnIndex, secret, Byte.class), (byte) 0);
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getByte(label(columnLabel)) : getByte(indexOf(columnLabel));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getShort(columnIndex) : or(secretAs(columnIndex, secret, Short.class), (short) 0);
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getShort(label(columnLabel)) : getShort(indexOf(columnLabel));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getInt(columnIndex) : or(secretAs(columnIndex, secret, Integer.class), 0);
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getInt(label(columnLabel)) : getInt(indexOf(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getLong(columnIndex) : or(secretAs(columnIndex, secret, Long.class), 0L);
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getLong(label(columnLabel)) : getLong(indexOf(columnLabel));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getFloat(columnIndex) : or(secretAs(columnIndex, secret, Float.class), 0f);
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getFloat(label(columnLabel)) : getFloat(indexOf(columnLabel));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getDouble(columnIndex) : or(secretAs(columnIndex, secret, Double.class), 0d);
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getDouble(label(columnLabel)) : getDouble(indexOf(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getBigDecimal(columnIndex) : secretAs(columnIndex, secret, BigDecimal.class);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getBigDecimal(label(columnLabel)) : getBigDecimal(indexOf(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getBigDecimal(columnIndex, scale) : secretAs(columnIndex, secret, BigDecimal.class);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return secrets == null ? delegate.getBigDecimal(label(columnLabel), scale) : getBigDecimal(indexOf(columnLabel), scale);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getDate(columnIndex) : secretAs(columnIndex, secret, Date.class);
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getDate(label(columnLabel)) : getDate(indexOf(columnLabel));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getDate(columnIndex, cal) : secretAs(columnIndex, secret, Date.class);
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return secrets == null ? delegate.getDate(label(columnLabel), cal) : getDate(indexOf(columnLabel), cal);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getTime(columnIndex) : secretAs(columnIndex, secret, Time.class);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getTime(label(columnLabel)) : getTime(indexOf(columnLabel));
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getTime(columnIndex, cal) : secretAs(columnIndex, secret, Time.class);
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return secrets == null ? delegate.getTime(label(columnLabel), cal) : getTime(indexOf(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getTimestamp(columnIndex) : secretAs(columnIndex, secret, Timestamp.class);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getTimestamp(label(columnLabel)) : getTimestamp(indexOf(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getTimestamp(columnIndex, cal) : secretAs(columnIndex, secret, Timestamp.class);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return secrets == null ? delegate.getTimestamp(label(columnLabel), cal) : getTimestamp(indexOf(columnLabel), cal);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        return secret == null ? delegate.getBytes(columnIndex) : secretBytes(columnIndex, secret);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getBytes(label(columnLabel)) : getBytes(indexOf(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        SecretColumn secret = secretAt(columnIndex);
        if (secret == null) {
            return delegate.getBinaryStream(columnIndex);
        }
        byte[] bytes = secretBytes(columnIndex, secret);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getBinaryStream(label(columnLabel)) : getBinaryStream(indexOf(columnLabel));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        return delegate.getAsciiStream(plain(columnIndex, "getAsciiStream"));
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return delegate.getAsciiStream(plain(columnLabel, "getAsciiStream"));
    }

    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        return delegate.getUnicodeStream(plain(columnIndex, "getUnicodeStream"));
    }

    @Override
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return delegate.getUnicodeStream(plain(columnLabel, "getUnicodeStream"));
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        return delegate.getURL(plain(columnIndex, "getURL"));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return delegate.getURL(plain(columnLabel, "getURL"));
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        return Sealed.seal(context, null, Ref.class, delegate.getRef(plain(columnIndex, "getRef")));
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return Sealed.seal(context, null, Ref.class, delegate.getRef(plain(columnLabel, "getRef")));
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return Sealed.seal(context, null, Blob.class, delegate.getBlob(plain(columnIndex, "getBlob")));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return Sealed.seal(context, null, Blob.class, delegate.getBlob(plain(columnLabel, "getBlob")));
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return Sealed.seal(context, null, Array.class, delegate.getArray(plain(columnIndex, "getArray")));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return Sealed.seal(context, null, Array.class, delegate.getArray(plain(columnLabel, "getArray")));
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        return Sealed.seal(context, null, RowId.class, delegate.getRowId(plain(columnIndex, "getRowId")));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return Sealed.seal(context, null, RowId.class, delegate.getRowId(plain(columnLabel, "getRowId")));
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        return Sealed.seal(context, null, SQLXML.class, delegate.getSQLXML(plain(columnIndex, "getSQLXML")));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return Sealed.seal(context, null, SQLXML.class, delegate.getSQLXML(plain(columnLabel, "getSQLXML")));
    }
}
