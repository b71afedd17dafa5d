package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.sql.Plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.util.Calendar;

/**
 * A prepared statement that encrypts every value bound to a secret column at bind time (so batches,
 * which copy bound values, hold ciphertext too) and refuses binding a secret column through a setter
 * that cannot carry text.
 */
public class SecretPreparedStatement extends SecretStatement implements PreparedStatement {

    private final PreparedStatement ps;
    private final Plan plan;
    private final boolean changesSchema;

    SecretPreparedStatement(SecretContext context, SecretConnection connection, PreparedStatement ps, Plan plan) {
        super(context, connection, ps);
        this.ps = ps;
        this.plan = plan;
        this.current = plan;
        this.changesSchema = plan.changesSchema();
    }

    /** Refuses a setter that cannot carry text on a secret parameter: it would send the value in the clear. */
    final void requirePlain(int parameterIndex, String setter) throws SQLException {
        SecretColumn column = plan.secretParameter(parameterIndex);
        if (column != null) {
            throw new SQLException("Parameter " + parameterIndex + " is bound to secret column "
                    + column.qualifiedName() + ", which cannot be set with " + setter
                    + ": secret values are encrypted as text. Bind it with setString.", "0A000");
        }
    }

    /** The secret column of a parameter, or null; plain parameters pass straight to the delegate. */
    private SecretColumn secret(int parameterIndex) {
        return plan.secretParameter(parameterIndex);
    }

    private String encrypt(SecretColumn column, String value) throws SQLException {
        lengths.bound(value);
        return context.crypto().encrypt(column, value);
    }

    /** A non-text object bound to a secret column is refused; text is encrypted. */
    private String encryptObject(SecretColumn column, int parameterIndex, Object value) throws SQLException {
        if (value instanceof CharSequence) {
            return encrypt(column, value.toString());
        }
        if (value instanceof Clob) {
            return encrypt(column, TextReading.read((Clob) value));
        }
        throw new SQLException("Parameter " + parameterIndex + " is bound to secret column " + column.qualifiedName()
                + " but the value is a " + value.getClass().getName()
                + ": secret values are encrypted as text. Bind a String.", "0A000");
    }

    /**
     * Binds text from a stream or CLOB to a secret parameter as ciphertext; false when the parameter is
     * plain or the value null, so the caller passes it on with its own setter.
     */
    private boolean boundAsSecretText(int parameterIndex, Reader reader, long length) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        if (column == null || reader == null) {
            return false;
        }
        ps.setString(parameterIndex, encrypt(column, TextReading.read(reader, length)));
        return true;
    }

    private boolean boundAsSecretText(int parameterIndex, Clob clob) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        if (column == null || clob == null) {
            return false;
        }
        ps.setString(parameterIndex, encrypt(column, TextReading.read(clob)));
        return true;
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setString(parameterIndex, column == null ? x : encrypt(column, x));
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        if (column == null) {
            ps.setNString(parameterIndex, value);
        } else {
            // Ciphertext is ASCII, and not every driver has setNString (sqlite-jdbc does not).
            ps.setString(parameterIndex, encrypt(column, value));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setObject(parameterIndex, column == null || x == null ? x : encryptObject(column, parameterIndex, x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setObject(parameterIndex, column == null || x == null ? x : encryptObject(column, parameterIndex, x),
                targetSqlType);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setObject(parameterIndex, column == null || x == null ? x : encryptObject(column, parameterIndex, x),
                targetSqlType, scaleOrLength);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setObject(parameterIndex, column == null || x == null ? x : encryptObject(column, parameterIndex, x),
                targetSqlType, scaleOrLength);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        SecretColumn column = secret(parameterIndex);
        ps.setObject(parameterIndex, column == null || x == null ? x : encryptObject(column, parameterIndex, x),
                targetSqlType);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        setCharacterStream(parameterIndex, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, length)) {
            ps.setCharacterStream(parameterIndex, reader, length);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, -1)) {
            ps.setCharacterStream(parameterIndex, reader);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        if (!boundAsSecretText(parameterIndex, value, length)) {
            ps.setNCharacterStream(parameterIndex, value, length);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        if (!boundAsSecretText(parameterIndex, value, -1)) {
            ps.setNCharacterStream(parameterIndex, value);
        }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        if (!boundAsSecretText(parameterIndex, x)) {
            ps.setClob(parameterIndex, x);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, length)) {
            ps.setClob(parameterIndex, reader, length);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, -1)) {
            ps.setClob(parameterIndex, reader);
        }
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        if (!boundAsSecretText(parameterIndex, value)) {
            ps.setNClob(parameterIndex, value);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, length)) {
            ps.setNClob(parameterIndex, reader, length);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        if (!boundAsSecretText(parameterIndex, reader, -1)) {
            ps.setNClob(parameterIndex, reader);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        ps.setNull(parameterIndex, sqlType);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        ps.setNull(parameterIndex, sqlType, typeName);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        current = plan;
        return wrap(ps.executeQuery());
    }

    @Override
    public int executeUpdate() throws SQLException {
        current = plan;
        try {
            return lengths.executed(ps.executeUpdate());
        } catch (SQLException e) {
            throw lengths.explain(e, plan);
        } finally {
            if (changesSchema) {
                context.schemaChanged();
            }
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        current = plan;
        try {
            return lengths.executed(ps.executeLargeUpdate());
        } catch (SQLException e) {
            throw lengths.explain(e, plan);
        } finally {
            if (changesSchema) {
                context.schemaChanged();
            }
        }
    }

    @Override
    public boolean execute() throws SQLException {
        current = plan;
        try {
            return lengths.executed(ps.execute());
        } catch (SQLException e) {
            throw lengths.explain(e, plan);
        } finally {
            if (changesSchema) {
                context.schemaChanged();
            }
        }
    }

    @Override
    public void addBatch() throws SQLException {
        ps.addBatch();
        batchChangesSchema |= changesSchema;
        lengths.batched();
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        requirePlain(parameterIndex, "setBoolean");
        ps.setBoolean(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        requirePlain(parameterIndex, "setByte");
        ps.setByte(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        requirePlain(parameterIndex, "setShort");
        ps.setShort(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        requirePlain(parameterIndex, "setInt");
        ps.setInt(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        requirePlain(parameterIndex, "setLong");
        ps.setLong(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        requirePlain(parameterIndex, "setFloat");
        ps.setFloat(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        requirePlain(parameterIndex, "setDouble");
        ps.setDouble(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        requirePlain(parameterIndex, "setBigDecimal");
        ps.setBigDecimal(parameterIndex, x);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        requirePlain(parameterIndex, "setBytes");
        ps.setBytes(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        requirePlain(parameterIndex, "setDate");
        ps.setDate(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        requirePlain(parameterIndex, "setTime");
        ps.setTime(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        requirePlain(parameterIndex, "setTimestamp");
        ps.setTimestamp(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        requirePlain(parameterIndex, "setAsciiStream");
        ps.setAsciiStream(parameterIndex, x, length);
    }

    @Override
    public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        requirePlain(parameterIndex, "setUnicodeStream");
        ps.setUnicodeStream(parameterIndex, x, length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        requirePlain(parameterIndex, "setBinaryStream");
        ps.setBinaryStream(parameterIndex, x, length);
    }

    @Override
    public void clearParameters() throws SQLException {
        ps.clearParameters();
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        requirePlain(parameterIndex, "setRef");
        ps.setRef(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        requirePlain(parameterIndex, "setBlob");
        ps.setBlob(parameterIndex, x);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        requirePlain(parameterIndex, "setArray");
        ps.setArray(parameterIndex, x);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return ps.getMetaData();
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
        requirePlain(parameterIndex, "setDate");
        ps.setDate(parameterIndex, x, cal);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
        requirePlain(parameterIndex, "setTime");
        ps.setTime(parameterIndex, x, cal);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
        requirePlain(parameterIndex, "setTimestamp");
        ps.setTimestamp(parameterIndex, x, cal);
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        requirePlain(parameterIndex, "setURL");
        ps.setURL(parameterIndex, x);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return ps.getParameterMetaData();
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        requirePlain(parameterIndex, "setRowId");
        ps.setRowId(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        requirePlain(parameterIndex, "setBlob");
        ps.setBlob(parameterIndex, inputStream, length);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        requirePlain(parameterIndex, "setSQLXML");
        ps.setSQLXML(parameterIndex, xmlObject);
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        requirePlain(parameterIndex, "setAsciiStream");
        ps.setAsciiStream(parameterIndex, x, length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        requirePlain(parameterIndex, "setBinaryStream");
        ps.setBinaryStream(parameterIndex, x, length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        requirePlain(parameterIndex, "setAsciiStream");
        ps.setAsciiStream(parameterIndex, x);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        requirePlain(parameterIndex, "setBinaryStream");
        ps.setBinaryStream(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        requirePlain(parameterIndex, "setBlob");
        ps.setBlob(parameterIndex, inputStream);
    }

}
