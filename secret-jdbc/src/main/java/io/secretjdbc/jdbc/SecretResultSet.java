package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;

import java.io.Reader;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.Map;

/**
 * A result set whose secret columns come back decrypted through every text accessor, by index and by
 * label, and whose updatable rows encrypt what is written to a secret column. Results without secret
 * columns cost one null check per call.
 */
public final class SecretResultSet extends GuardedResultSet {

    private final Statement statement;

    SecretResultSet(SecretContext context, Statement statement, ResultSet delegate, SecretColumn[] secrets) {
        super(context, delegate, secrets);
        this.statement = statement;
    }

    private String decrypt(SecretColumn column, String stored) throws SQLException {
        return context.crypto().decrypt(column, stored);
    }

    @Override
    <T> T secretAs(int columnIndex, SecretColumn column, Class<T> type) throws SQLException {
        return ValuePolicy.read(decrypt(column, delegate.getString(columnIndex)), type, column.qualifiedName());
    }

    private String encrypt(SecretColumn column, String plaintext) throws SQLException {
        return context.crypto().encrypt(column, plaintext);
    }

    private int index(String columnLabel) throws SQLException {
        return delegate.findColumn(columnLabel);
    }

    private static Reader reader(String text) {
        return text == null ? null : new StringReader(text);
    }

    private Object encryptObject(SecretColumn column, Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        String text = value instanceof java.sql.Clob clob ? TextReading.read(clob) : ValuePolicy.textOf(value);
        if (text == null) {
            throw new SQLException(ValuePolicy.bindRefusal("An update of", column.qualifiedName(),
                    "updateObject(" + ValuePolicy.typeName(value) + ")"), "0A000");
        }
        return encrypt(column, text);
    }

    /** A plain column's object as the delegate takes it: its own LOB or array, our CLOB as text. */
    private static Object plainObject(Object x) throws SQLException {
        return x instanceof TextClob clob ? clob.text() : Sealed.in(x);
    }

    // ---- reads ----

    @Override
    public String getString(int columnIndex) throws SQLException {
        String value = delegate.getString(columnIndex);
        SecretColumn column = secretAt(columnIndex);
        return column == null ? value : decrypt(column, value);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getString(columnLabel) : getString(index(columnLabel));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getNString(columnIndex) : decrypt(column, delegate.getString(columnIndex));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getNString(columnLabel) : getNString(index(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.out(context, delegate.getObject(columnIndex))
                : decrypt(column, delegate.getString(columnIndex));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? Sealed.out(context, delegate.getObject(columnLabel)) : getObject(index(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            SecretColumn column = secretAt(columnIndex);
            return column == null ? Sealed.out(context, delegate.getObject(columnIndex, map))
                    : decrypt(column, delegate.getString(columnIndex));
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        try {
            Errors.requireLabel(columnLabel);
            return secrets == null ? Sealed.out(context, delegate.getObject(columnLabel, map))
                    : getObject(index(columnLabel), map);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        try {
            SecretColumn column = secretAt(columnIndex);
            if (type == null) {
                throw new SQLException("getObject needs a type to convert to; it was null.", "HY009");
            }
            if (column == null) {
                return Sealed.out(context, type, delegate.getObject(columnIndex, type));
            }
            if (!ValuePolicy.readsAs(type)) {
                requirePlain(columnIndex, "getObject(" + type.getSimpleName() + ")");
            }
            return ValuePolicy.read(decrypt(column, delegate.getString(columnIndex)), type, column.qualifiedName());
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        try {
            Errors.requireLabel(columnLabel);
            if (secrets == null && type != null) {
                return Sealed.out(context, type, delegate.getObject(columnLabel, type));
            }
            return getObject(index(columnLabel), type);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getCharacterStream(columnIndex)
                : reader(decrypt(column, delegate.getString(columnIndex)));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getCharacterStream(columnLabel) : getCharacterStream(index(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getNCharacterStream(columnIndex)
                : reader(decrypt(column, delegate.getString(columnIndex)));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? delegate.getNCharacterStream(columnLabel) : getNCharacterStream(index(columnLabel));
    }

    /** A secret column's CLOB holds the decrypted text and is read-only (TextClob); others are sealed. */
    @Override
    public java.sql.Clob getClob(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.seal(context, null, java.sql.Clob.class, delegate.getClob(columnIndex))
                : TextClob.readOnly(decrypt(column, delegate.getString(columnIndex)), column);
    }

    @Override
    public java.sql.Clob getClob(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? Sealed.seal(context, null, java.sql.Clob.class, delegate.getClob(columnLabel))
                : getClob(index(columnLabel));
    }

    @Override
    public java.sql.NClob getNClob(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.seal(context, null, java.sql.NClob.class, delegate.getNClob(columnIndex))
                : TextClob.readOnly(decrypt(column, delegate.getString(columnIndex)), column);
    }

    @Override
    public java.sql.NClob getNClob(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        return secrets == null ? Sealed.seal(context, null, java.sql.NClob.class, delegate.getNClob(columnLabel))
                : getNClob(index(columnLabel));
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    // ---- updatable result sets ----

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        delegate.updateNull(columnIndex);
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        Errors.requireLabel(columnLabel);
        delegate.updateNull(columnLabel);
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateString(columnIndex, column == null ? x : encrypt(column, x));
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateString(columnLabel, x);
        } else {
            updateString(index(columnLabel), x);
        }
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column == null) {
            delegate.updateNString(columnIndex, x);
        } else {
            delegate.updateString(columnIndex, encrypt(column, x));
        }
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateNString(columnLabel, x);
        } else {
            updateNString(index(columnLabel), x);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x));
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateObject(columnLabel, plainObject(x));
        } else {
            updateObject(index(columnLabel), x);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateObject(columnLabel, plainObject(x), scaleOrLength);
        } else {
            updateObject(index(columnLabel), x, scaleOrLength);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateObject(columnLabel, plainObject(x), targetSqlType, scaleOrLength);
        } else {
            updateObject(index(columnLabel), x, targetSqlType, scaleOrLength);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), targetSqlType);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateObject(columnLabel, plainObject(x), targetSqlType);
        } else {
            updateObject(index(columnLabel), x, targetSqlType);
        }
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        updateCharacterStream(columnIndex, x, (long) length);
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, int length) throws SQLException {
        Errors.requireLabel(columnLabel);
        updateCharacterStream(columnLabel, reader, (long) length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column == null || x == null) {
            delegate.updateCharacterStream(columnIndex, x, length);
        } else {
            delegate.updateString(columnIndex, encrypt(column, TextReading.read(x, length)));
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateCharacterStream(columnLabel, reader, length);
        } else {
            updateCharacterStream(index(columnLabel), reader, length);
        }
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column == null || x == null) {
            delegate.updateCharacterStream(columnIndex, x);
        } else {
            delegate.updateString(columnIndex, encrypt(column, TextReading.read(x, -1)));
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateCharacterStream(columnLabel, reader);
        } else {
            updateCharacterStream(index(columnLabel), reader);
        }
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        if (secretAt(columnIndex) == null) {
            delegate.updateNCharacterStream(columnIndex, x, length);
        } else {
            updateCharacterStream(columnIndex, x, length);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateNCharacterStream(columnLabel, reader, length);
        } else {
            updateNCharacterStream(index(columnLabel), reader, length);
        }
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        if (secretAt(columnIndex) == null) {
            delegate.updateNCharacterStream(columnIndex, x);
        } else {
            updateCharacterStream(columnIndex, x);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException {
        Errors.requireLabel(columnLabel);
        if (secrets == null) {
            delegate.updateNCharacterStream(columnLabel, reader);
        } else {
            updateNCharacterStream(index(columnLabel), reader);
        }
    }

    @Override
    public String toString() {
        return "SecretResultSet[" + delegate.getClass().getName() + "]";
    }
}
