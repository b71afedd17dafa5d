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
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * The updaters of an updatable result set that refuse a secret column (typed values, ASCII and binary
 * streams, LOBs other than text, arrays, refs, row ids, SQLXML): each checks the column with
 * {@link #plain} and delegates. The updaters that encrypt what they write to a secret column (text,
 * objects, bytes) are in {@link SecretResultSet}. A refusal names the column and what to use instead.
 */
abstract class GuardedUpdates extends DelegatingResultSet {

    GuardedUpdates(SecretContext context, ResultSet delegate, SecretColumn[] secrets) {
        super(context, delegate, secrets);
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        delegate.updateBoolean(plain(columnIndex, "updateBoolean"), x);
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        delegate.updateBoolean(plain(columnLabel, "updateBoolean"), x);
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        delegate.updateByte(plain(columnIndex, "updateByte"), x);
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        delegate.updateByte(plain(columnLabel, "updateByte"), x);
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        delegate.updateShort(plain(columnIndex, "updateShort"), x);
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        delegate.updateShort(plain(columnLabel, "updateShort"), x);
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        delegate.updateInt(plain(columnIndex, "updateInt"), x);
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        delegate.updateInt(plain(columnLabel, "updateInt"), x);
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        delegate.updateLong(plain(columnIndex, "updateLong"), x);
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        delegate.updateLong(plain(columnLabel, "updateLong"), x);
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        delegate.updateFloat(plain(columnIndex, "updateFloat"), x);
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        delegate.updateFloat(plain(columnLabel, "updateFloat"), x);
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        delegate.updateDouble(plain(columnIndex, "updateDouble"), x);
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        delegate.updateDouble(plain(columnLabel, "updateDouble"), x);
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        delegate.updateBigDecimal(plain(columnIndex, "updateBigDecimal"), x);
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        delegate.updateBigDecimal(plain(columnLabel, "updateBigDecimal"), x);
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        delegate.updateDate(plain(columnIndex, "updateDate"), x);
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        delegate.updateDate(plain(columnLabel, "updateDate"), x);
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        delegate.updateTime(plain(columnIndex, "updateTime"), x);
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        delegate.updateTime(plain(columnLabel, "updateTime"), x);
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        delegate.updateTimestamp(plain(columnIndex, "updateTimestamp"), x);
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        delegate.updateTimestamp(plain(columnLabel, "updateTimestamp"), x);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        delegate.updateAsciiStream(plain(columnIndex, "updateAsciiStream"), x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        delegate.updateAsciiStream(plain(columnLabel, "updateAsciiStream"), x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        delegate.updateAsciiStream(plain(columnIndex, "updateAsciiStream"), x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        delegate.updateAsciiStream(plain(columnLabel, "updateAsciiStream"), x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        delegate.updateAsciiStream(plain(columnIndex, "updateAsciiStream"), x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        delegate.updateAsciiStream(plain(columnLabel, "updateAsciiStream"), x);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        delegate.updateBinaryStream(plain(columnIndex, "updateBinaryStream"), x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        delegate.updateBinaryStream(plain(columnLabel, "updateBinaryStream"), x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        delegate.updateBinaryStream(plain(columnIndex, "updateBinaryStream"), x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        delegate.updateBinaryStream(plain(columnLabel, "updateBinaryStream"), x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        delegate.updateBinaryStream(plain(columnIndex, "updateBinaryStream"), x);
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        delegate.updateBinaryStream(plain(columnLabel, "updateBinaryStream"), x);
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        delegate.updateRef(plain(columnIndex, "updateRef"), Sealed.in(x));
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        delegate.updateRef(plain(columnLabel, "updateRef"), Sealed.in(x));
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        delegate.updateBlob(plain(columnIndex, "updateBlob"), Sealed.in(x));
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        delegate.updateBlob(plain(columnLabel, "updateBlob"), Sealed.in(x));
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        delegate.updateArray(plain(columnIndex, "updateArray"), Sealed.in(x));
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        delegate.updateArray(plain(columnLabel, "updateArray"), Sealed.in(x));
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        delegate.updateRowId(plain(columnIndex, "updateRowId"), Sealed.in(x));
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        delegate.updateRowId(plain(columnLabel, "updateRowId"), Sealed.in(x));
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        delegate.updateSQLXML(plain(columnIndex, "updateSQLXML"), Sealed.in(x));
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        delegate.updateSQLXML(plain(columnLabel, "updateSQLXML"), Sealed.in(x));
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        delegate.updateBlob(plain(columnIndex, "updateBlob"), x, length);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        delegate.updateBlob(plain(columnLabel, "updateBlob"), x, length);
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        delegate.updateBlob(plain(columnIndex, "updateBlob"), x);
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        delegate.updateBlob(plain(columnLabel, "updateBlob"), x);
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        delegate.updateClob(plain(columnIndex, "updateClob"), x, length);
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        delegate.updateClob(plain(columnLabel, "updateClob"), x, length);
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        delegate.updateClob(plain(columnIndex, "updateClob"), x);
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        delegate.updateClob(plain(columnLabel, "updateClob"), x);
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        delegate.updateNClob(plain(columnIndex, "updateNClob"), x, length);
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        delegate.updateNClob(plain(columnLabel, "updateNClob"), x, length);
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        delegate.updateNClob(plain(columnIndex, "updateNClob"), x);
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        delegate.updateNClob(plain(columnLabel, "updateNClob"), x);
    }

    /** A CLOB of ours ({@link TextClob}, from a secret column's getClob) goes back as its text. */
    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        if (x instanceof TextClob ours) {
            delegate.updateString(plain(columnIndex, "updateClob"), ours.text());
        } else {
            delegate.updateClob(plain(columnIndex, "updateClob"), Sealed.in(x));
        }
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        updateClob(indexOf(columnLabel), x);
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        if (x instanceof TextClob ours) {
            delegate.updateString(plain(columnIndex, "updateNClob"), ours.text());
        } else {
            delegate.updateNClob(plain(columnIndex, "updateNClob"), Sealed.in(x));
        }
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        updateNClob(indexOf(columnLabel), x);
    }
}
