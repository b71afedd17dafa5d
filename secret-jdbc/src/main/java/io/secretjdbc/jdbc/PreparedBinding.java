package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.sql.Plan;
import io.secretjdbc.sql.SearchLayout;

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
 * Every setter is one line into {@link #bind}, the one funnel: it maps the application's parameter number
 * to the delegate's (a blind index rewrite adds parameters, reference §6 "Search"), encrypts or indexes
 * secret values, and turns a driver's non-SQLException (sqlite-jdbc throws
 * ArrayIndexOutOfBoundsException for an index out of range) into an SQLException. What each setter
 * does with a plain value is its {@link Setter} constant. No setter allocates on the plain path. Long only
 * because PreparedStatement has fifty setters, one line each.
 */
abstract class PreparedBinding extends SecretStatement implements PreparedStatement {

    final PreparedStatement ps;
    final Plan plan;
    /** The blind index rewrite's parameter mapping, or null: then application and delegate numbers agree. */
    private final SearchLayout search;

    PreparedBinding(SecretContext context, SecretConnection connection, PreparedStatement ps, Plan plan) {
        super(context, connection, ps);
        this.ps = ps;
        this.plan = plan;
        this.search = plan.search();
    }

    @Override
    Plan batchPlan() {
        return plan;
    }

    /**
     * The one funnel every setter goes through: the parameter mapping of a blind index rewrite, the
     * secret path, and the one place where a driver's non-SQLException becomes an SQLException. A plain
     * value on a plan without rewrite costs an array lookup, as before the funnel.
     */
    private void bind(Setter setter, int parameterIndex, Object x, long n, Object extra) throws SQLException {
        try {
            if (search == null) {
                SecretColumn column = plan.secretParameter(parameterIndex);
                if (column == null || setter.mode == Setter.Mode.NULL || isPlainNull(setter, x)) {
                    setter.plain(ps, parameterIndex, x, n, extra);
                } else if (isBytes(setter, x)) {
                    bindBytes(parameterIndex, column, SearchLayout.CIPHERTEXT, bytesOf(setter, x, n));
                } else {
                    String text = secretText(setter, column, parameterIndex, x, n);
                    bindText(parameterIndex, column, SearchLayout.CIPHERTEXT, text);
                }
                return;
            }
            int[] delegates = delegatesOf(search, parameterIndex);
            int first = delegates[0];
            if (search.column(first) == null || setter.mode == Setter.Mode.NULL || isPlainNull(setter, x)) {
                // As is: one delegate parameter, or setNull on each (an index of NULL is NULL).
                for (int d : delegates) {
                    setter.plain(ps, d, x, n, extra);
                }
                return;
            }
            if (isBytes(setter, x)) {
                byte[] bytes = bytesOf(setter, x, n);
                for (int d : delegates) {
                    bindBytes(d, search.column(d), search.key(d), bytes);
                }
                return;
            }
            String text = secretText(setter, search.column(first), parameterIndex, x, n);
            for (int d : delegates) {
                bindText(d, search.column(d), search.key(d), text);
            }
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    /**
     * The delegate parameters an application parameter is bound to under a blind index rewrite (also the
     * numbering of {@link MappedParameterMetaData}); an index the application's statement lacks is refused.
     */
    static int[] delegatesOf(SearchLayout search, int parameterIndex) throws SQLException {
        int[] delegates = search.delegatesOf(parameterIndex);
        if (delegates.length == 0) {
            throw new SQLException("Parameter index " + parameterIndex + " is out of range: the statement has "
                    + search.applicationParameterCount() + " parameters", "07009");
        }
        return delegates;
    }

    /**
     * {@code setBytes}, {@code setObject(byte[])} and binary streams: the bytes themselves are the
     * plaintext (reference §6 "Typed values"), encrypted as they are.
     */
    private static boolean isBytes(Setter setter, Object x) {
        return setter == Setter.BINARY_STREAM || setter.mode == Setter.Mode.VALUE && ValuePolicy.isBytes(x);
    }

    private static byte[] bytesOf(Setter setter, Object x, long n) throws SQLException {
        if (setter == Setter.BINARY_STREAM) {
            return x == null ? null : TextReading.read((InputStream) x, n);
        }
        return (byte[]) x;
    }

    /**
     * Binds the ciphertext of bytes; a blind index is defined over text (reference §3.1), so bytes bound
     * where an index is computed are refused rather than hashed in some other form.
     */
    private void bindBytes(int delegateIndex, SecretColumn column, int key, byte[] bytes) throws SQLException {
        if (bytes == null) {
            ps.setNull(delegateIndex, Types.VARCHAR);
        } else if (key == SearchLayout.CIPHERTEXT) {
            lengths.boundBytes(bytes.length);
            ps.setString(delegateIndex, context.crypto().encryptBytes(column, bytes));
        } else {
            throw new SQLException("Secret column " + column.qualifiedName() + " has a blind index, which is"
                    + " computed over text: bind its value with setString (or another text setter), not as bytes.",
                    "0A000");
        }
    }

    /** A null stream or Clob bound to a secret column goes the plain way (the delegate binds NULL). */
    private static boolean isPlainNull(Setter setter, Object x) {
        return x == null && (setter.mode == Setter.Mode.READER || setter.mode == Setter.Mode.CLOB);
    }

    /** The plaintext of a value bound to a secret column, or null for SQL NULL; refused for a type without text. */
    private static String secretText(Setter setter, SecretColumn column, int parameterIndex, Object x, long n)
            throws SQLException {
        switch (setter.mode) {
            case TEXT:
                return (String) x;
            case READER:
                return TextReading.read((Reader) x, n);
            case CLOB:
                return TextReading.read((Clob) x);
            default:
                Object value = setter.boxed(x, n);
                if (value == null) {
                    return null;
                }
                String text = value instanceof Clob clob ? TextReading.read(clob) : ValuePolicy.textOf(value);
                if (text == null) {
                    throw new SQLException(ValuePolicy.bindRefusal("Parameter " + parameterIndex + " is bound to",
                            column.qualifiedName(), setter.how(x)), "0A000");
                }
                return text;
        }
    }

    /** Binds ciphertext ({@code key} CIPHERTEXT) or the blind index under {@code key} of {@code text}. */
    private void bindText(int delegateIndex, SecretColumn column, int key, String text) throws SQLException {
        if (text == null) {
            ps.setNull(delegateIndex, Types.VARCHAR);
        } else if (key == SearchLayout.CIPHERTEXT) {
            lengths.bound(text);
            ps.setString(delegateIndex, context.crypto().encrypt(column, text));
        } else {
            ps.setString(delegateIndex, context.crypto().index(column, text, key));
        }
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        bind(Setter.STRING, parameterIndex, x, 0, null);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        bind(Setter.NSTRING, parameterIndex, value, 0, null);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        bind(Setter.OBJECT, parameterIndex, x, 0, null);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        bind(Setter.OBJECT_TYPE, parameterIndex, x, targetSqlType, null);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bind(Setter.OBJECT_TYPE_SCALE, parameterIndex, x, ((long) targetSqlType << 32) | (scaleOrLength & 0xffffffffL),
                null);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bind(Setter.OBJECT_SQLTYPE_SCALE, parameterIndex, x, scaleOrLength, targetSqlType);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        bind(Setter.OBJECT_SQLTYPE, parameterIndex, x, 0, targetSqlType);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        bind(Setter.CHARACTER_STREAM, parameterIndex, reader, length, null);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        bind(Setter.CHARACTER_STREAM, parameterIndex, reader, length, null);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        bind(Setter.CHARACTER_STREAM, parameterIndex, reader, -1, null);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        bind(Setter.NCHARACTER_STREAM, parameterIndex, value, length, null);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        bind(Setter.NCHARACTER_STREAM, parameterIndex, value, -1, null);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        bind(Setter.CLOB, parameterIndex, x, 0, null);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        bind(Setter.CLOB_READER, parameterIndex, reader, length, null);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        bind(Setter.CLOB_READER, parameterIndex, reader, -1, null);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        bind(Setter.NCLOB, parameterIndex, value, 0, null);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        bind(Setter.NCLOB_READER, parameterIndex, reader, length, null);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        bind(Setter.NCLOB_READER, parameterIndex, reader, -1, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        bind(Setter.NULL, parameterIndex, null, sqlType, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        bind(Setter.NULL, parameterIndex, null, sqlType, typeName);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        bind(Setter.BOOLEAN, parameterIndex, null, x ? 1 : 0, null);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        bind(Setter.BYTE, parameterIndex, null, x, null);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        bind(Setter.SHORT, parameterIndex, null, x, null);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        bind(Setter.INT, parameterIndex, null, x, null);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        bind(Setter.LONG, parameterIndex, null, x, null);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        bind(Setter.FLOAT, parameterIndex, null, Float.floatToRawIntBits(x), null);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        bind(Setter.DOUBLE, parameterIndex, null, Double.doubleToRawLongBits(x), null);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        bind(Setter.BIG_DECIMAL, parameterIndex, x, 0, null);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        bind(Setter.BYTES, parameterIndex, x, 0, null);
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        bind(Setter.DATE, parameterIndex, x, 0, null);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        bind(Setter.TIME, parameterIndex, x, 0, null);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        bind(Setter.TIMESTAMP, parameterIndex, x, 0, null);
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
        bind(Setter.DATE, parameterIndex, x, 0, cal);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
        bind(Setter.TIME, parameterIndex, x, 0, cal);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
        bind(Setter.TIMESTAMP, parameterIndex, x, 0, cal);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind(Setter.ASCII_STREAM, parameterIndex, x, length, null);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        bind(Setter.ASCII_STREAM, parameterIndex, x, length, Boolean.TRUE);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        bind(Setter.ASCII_STREAM, parameterIndex, x, -1, null);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind(Setter.UNICODE_STREAM, parameterIndex, x, length, null);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        bind(Setter.BINARY_STREAM, parameterIndex, x, length, null);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        bind(Setter.BINARY_STREAM, parameterIndex, x, length, Boolean.TRUE);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        bind(Setter.BINARY_STREAM, parameterIndex, x, -1, null);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        bind(Setter.REF, parameterIndex, x, 0, null);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        bind(Setter.BLOB, parameterIndex, x, 0, null);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        bind(Setter.BLOB_STREAM, parameterIndex, inputStream, length, null);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        bind(Setter.BLOB_STREAM, parameterIndex, inputStream, -1, null);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        bind(Setter.ARRAY, parameterIndex, x, 0, null);
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        bind(Setter.URL, parameterIndex, x, 0, null);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        bind(Setter.ROW_ID, parameterIndex, x, 0, null);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        bind(Setter.SQLXML_VALUE, parameterIndex, xmlObject, 0, null);
    }
}
