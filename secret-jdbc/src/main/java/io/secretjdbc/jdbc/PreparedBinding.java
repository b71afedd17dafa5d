package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.sql.Plan;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Types;
import java.util.Calendar;

/**
 * The binding half of {@link SecretPreparedStatement}: every setter, each encrypting a value bound to a
 * secret parameter as {@link ValuePolicy} says (at bind time, so batches, which copy bound values, hold
 * ciphertext too) or refusing it before anything is sent, and passing plain values straight through.
 * Every setter turns a driver's non-SQLException (sqlite-jdbc throws ArrayIndexOutOfBoundsException for
 * an index out of range) into an SQLException; try/catch costs nothing on the path where nothing is
 * thrown. Long only because PreparedStatement has fifty setters.
 */
abstract class PreparedBinding extends SecretStatement implements PreparedStatement {

    final PreparedStatement ps;
    final Plan plan;

    PreparedBinding(SecretContext context, SecretConnection connection, PreparedStatement ps, Plan plan) {
        super(context, connection, ps);
        this.ps = ps;
        this.plan = plan;
    }

    private void bindSecret(int parameterIndex, String how, Object value) throws SQLException {
        SecretColumn column = plan.secretParameter(parameterIndex);
        if (value == null) {
            ps.setNull(parameterIndex, Types.VARCHAR);
            return;
        }
        if (ValuePolicy.isBytes(value)) {
            byte[] bytes = (byte[]) value; // reference §6 "Typed values": the bytes themselves are the plaintext
            lengths.boundBytes(bytes.length);
            ps.setString(parameterIndex, context.crypto().encryptBytes(column, bytes));
            return;
        }
        ps.setString(parameterIndex, encrypt(column, textOf(column, parameterIndex, how, value)));
    }

    private static String textOf(SecretColumn column, int parameterIndex, String how, Object value)
            throws SQLException {
        String text = value instanceof Clob clob ? TextReading.read(clob) : ValuePolicy.textOf(value);
        if (text == null) {
            throw new SQLException(ValuePolicy.bindRefusal("Parameter " + parameterIndex + " is bound to",
                    column.qualifiedName(), how), "0A000");
        }
        return text;
    }

    private static Object plainObject(Object x) throws SQLException {
        return x instanceof TextClob clob ? clob.text() : Sealed.in(x);
    }

    private SecretColumn secret(int parameterIndex) {
        return plan.secretParameter(parameterIndex);
    }

    private String encrypt(SecretColumn column, String value) throws SQLException {
        lengths.bound(value);
        return context.crypto().encrypt(column, value);
    }

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
        if (clob == null) {
            return false;
        }
        if (column != null) {
            ps.setString(parameterIndex, encrypt(column, TextReading.read(clob)));
            return true;
        }
        if (clob instanceof TextClob ours) {
            ps.setString(parameterIndex, ours.text());
            return true;
        }
        return false;
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        try {
            SecretColumn column = secret(parameterIndex);
            ps.setString(parameterIndex, column == null ? x : encrypt(column, x));
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        try {
            SecretColumn column = secret(parameterIndex);
            if (column == null) {
                ps.setNString(parameterIndex, value);
            } else {
                // Ciphertext is ASCII, and not every driver has setNString (sqlite-jdbc does not).
                ps.setString(parameterIndex, encrypt(column, value));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setObject(parameterIndex, plainObject(x));
            } else {
                // Ciphertext is text whatever the target type: binding it as a DATE or INTEGER would
                // make the delegate convert (or refuse) it.
                bindSecret(parameterIndex, "setObject(" + ValuePolicy.typeName(x) + ")", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setObject(parameterIndex, plainObject(x), targetSqlType);
            } else {
                // Ciphertext is text whatever the target type: binding it as a DATE or INTEGER would
                // make the delegate convert (or refuse) it.
                bindSecret(parameterIndex, "setObject(" + ValuePolicy.typeName(x) + ")", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setObject(parameterIndex, plainObject(x), targetSqlType, scaleOrLength);
            } else {
                // Ciphertext is text whatever the target type: binding it as a DATE or INTEGER would
                // make the delegate convert (or refuse) it.
                bindSecret(parameterIndex, "setObject(" + ValuePolicy.typeName(x) + ")", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setObject(parameterIndex, plainObject(x), targetSqlType, scaleOrLength);
            } else {
                // Ciphertext is text whatever the target type: binding it as a DATE or INTEGER would
                // make the delegate convert (or refuse) it.
                bindSecret(parameterIndex, "setObject(" + ValuePolicy.typeName(x) + ")", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setObject(parameterIndex, plainObject(x), targetSqlType);
            } else {
                // Ciphertext is text whatever the target type: binding it as a DATE or INTEGER would
                // make the delegate convert (or refuse) it.
                bindSecret(parameterIndex, "setObject(" + ValuePolicy.typeName(x) + ")", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        try {
            setCharacterStream(parameterIndex, reader, (long) length);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, length)) {
                ps.setCharacterStream(parameterIndex, reader, length);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, -1)) {
                ps.setCharacterStream(parameterIndex, reader);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, value, length)) {
                ps.setNCharacterStream(parameterIndex, value, length);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, value, -1)) {
                ps.setNCharacterStream(parameterIndex, value);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, x)) {
                ps.setClob(parameterIndex, Sealed.in(x));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, length)) {
                ps.setClob(parameterIndex, reader, length);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, -1)) {
                ps.setClob(parameterIndex, reader);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, value)) {
                ps.setNClob(parameterIndex, Sealed.in(value));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, length)) {
                ps.setNClob(parameterIndex, reader, length);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        try {
            if (!boundAsSecretText(parameterIndex, reader, -1)) {
                ps.setNClob(parameterIndex, reader);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        try {
            ps.setNull(parameterIndex, sqlType);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try {
            ps.setNull(parameterIndex, sqlType, typeName);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBoolean(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setBoolean", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setByte(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setByte", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setShort(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setShort", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setInt(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setInt", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setLong(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setLong", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setFloat(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setFloat", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setDouble(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setDouble", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBigDecimal(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setBigDecimal", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBytes(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setBytes", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setDate(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setDate", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setTime(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setTime", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setTimestamp(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setTimestamp", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setAsciiStream(parameterIndex, x, length);
            } else {
                bindSecret(parameterIndex, "setAsciiStream", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setUnicodeStream(parameterIndex, x, length);
            } else {
                bindSecret(parameterIndex, "setUnicodeStream", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBinaryStream(parameterIndex, x, length);
            } else {
                bindSecret(parameterIndex, "setBinaryStream", TextReading.read(x, length));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setRef(parameterIndex, Sealed.in(x));
            } else {
                bindSecret(parameterIndex, "setRef", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBlob(parameterIndex, Sealed.in(x));
            } else {
                bindSecret(parameterIndex, "setBlob", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setArray(parameterIndex, Sealed.in(x));
            } else {
                bindSecret(parameterIndex, "setArray", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setDate(parameterIndex, x, cal);
            } else {
                bindSecret(parameterIndex, "setDate", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setTime(parameterIndex, x, cal);
            } else {
                bindSecret(parameterIndex, "setTime", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setTimestamp(parameterIndex, x, cal);
            } else {
                bindSecret(parameterIndex, "setTimestamp", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setURL(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setURL", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setRowId(parameterIndex, Sealed.in(x));
            } else {
                bindSecret(parameterIndex, "setRowId", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBlob(parameterIndex, inputStream, length);
            } else {
                bindSecret(parameterIndex, "setBlob", inputStream);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setSQLXML(parameterIndex, Sealed.in(xmlObject));
            } else {
                bindSecret(parameterIndex, "setSQLXML", xmlObject);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setAsciiStream(parameterIndex, x, length);
            } else {
                bindSecret(parameterIndex, "setAsciiStream", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBinaryStream(parameterIndex, x, length);
            } else {
                bindSecret(parameterIndex, "setBinaryStream", TextReading.read(x, length));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setAsciiStream(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setAsciiStream", x);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBinaryStream(parameterIndex, x);
            } else {
                bindSecret(parameterIndex, "setBinaryStream", TextReading.read(x, -1));
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        try {
            if (secret(parameterIndex) == null) {
                ps.setBlob(parameterIndex, inputStream);
            } else {
                bindSecret(parameterIndex, "setBlob", inputStream);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }
}
