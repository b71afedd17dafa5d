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
 * label, and whose updatable rows encrypt what is written to a secret column (text, objects by the value
 * policy, bytes). Results without secret columns cost one null check per call. {@code getObject(i)} on a
 * secret column gives the decrypted text: a stored secret does not say whether it was written as text or
 * as bytes (read bytes with {@code getBytes} or {@code getObject(i, byte[].class)}). The typed and byte
 * getters are in {@link GuardedResultSet}, the refusing updaters in {@link GuardedUpdates}. About 400
 * lines because each text accessor comes by index and by label, hand-written (the getters are the hot
 * path: no proxy, no lambda).
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

    private String encrypt(SecretColumn column, String plaintext) throws SQLException {
        keepsNoIndex(column);
        return context.crypto().encrypt(column, plaintext);
    }

    /**
     * An updatable result set writes the row without the statement the planner rewrites, so it cannot
     * write a blind index beside the value (reference §6 "Search"): such a column is refused there.
     */
    private static void keepsNoIndex(SecretColumn column) throws SQLException {
        if (column.blindIndex() != null) {
            throw new SQLException("Secret column " + column.qualifiedName() + " has a blind index ("
                    + column.blindIndex().column() + "), which an updatable result set cannot write beside it."
                    + " Update it with UPDATE ... SET " + column.column() + " = ? instead.", "0A000");
        }
    }

    private static Reader reader(String text) {
        return text == null ? null : new StringReader(text);
    }

    private Object encryptObject(SecretColumn column, Object value) throws SQLException {
        keepsNoIndex(column);
        if (value == null) {
            return null;
        }
        if (ValuePolicy.isBytes(value)) {
            return context.crypto().encryptBytes(column, (byte[]) value);
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
        return secrets == null ? delegate.getString(label(columnLabel)) : getString(indexOf(columnLabel));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getNString(columnIndex) : secretText(columnIndex, column);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getNString(label(columnLabel)) : getNString(indexOf(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.out(context, delegate.getObject(columnIndex))
                : secretText(columnIndex, column);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return secrets == null ? Sealed.out(context, delegate.getObject(label(columnLabel))) : getObject(indexOf(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            SecretColumn column = secretAt(columnIndex);
            return column == null ? Sealed.out(context, delegate.getObject(columnIndex, map))
                    : secretText(columnIndex, column);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        try {
            return secrets == null ? Sealed.out(context, delegate.getObject(label(columnLabel), map))
                    : getObject(indexOf(columnLabel), map);
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
            if (ValuePolicy.readsAsBytes(type)) {
                return type.cast(secretBytes(columnIndex, column));
            }
            if (!ValuePolicy.readsAs(type)) {
                plain(columnIndex, "getObject(" + type.getSimpleName() + ")");
            }
            return secretAs(columnIndex, column, type);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        try {
            if (secrets == null && type != null) {
                return Sealed.out(context, type, delegate.getObject(label(columnLabel), type));
            }
            return getObject(indexOf(columnLabel), type);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e); // pgjdbc: an index out of range
        }
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getCharacterStream(columnIndex)
                : reader(secretText(columnIndex, column));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getCharacterStream(label(columnLabel)) : getCharacterStream(indexOf(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? delegate.getNCharacterStream(columnIndex)
                : reader(secretText(columnIndex, column));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return secrets == null ? delegate.getNCharacterStream(label(columnLabel)) : getNCharacterStream(indexOf(columnLabel));
    }

    /** A secret column's CLOB holds the decrypted text and is read-only (TextClob); others are sealed. */
    @Override
    public java.sql.Clob getClob(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.seal(context, null, java.sql.Clob.class, delegate.getClob(columnIndex))
                : TextClob.readOnly(secretText(columnIndex, column), column);
    }

    @Override
    public java.sql.Clob getClob(String columnLabel) throws SQLException {
        return secrets == null ? Sealed.seal(context, null, java.sql.Clob.class, delegate.getClob(label(columnLabel)))
                : getClob(indexOf(columnLabel));
    }

    @Override
    public java.sql.NClob getNClob(int columnIndex) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        return column == null ? Sealed.seal(context, null, java.sql.NClob.class, delegate.getNClob(columnIndex))
                : TextClob.readOnly(secretText(columnIndex, column), column);
    }

    @Override
    public java.sql.NClob getNClob(String columnLabel) throws SQLException {
        return secrets == null ? Sealed.seal(context, null, java.sql.NClob.class, delegate.getNClob(label(columnLabel)))
                : getNClob(indexOf(columnLabel));
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    // ---- updatable result sets ----
    // By label, an updater finds the index and takes the index path, which passes a plain column on as it
    // is: updatable result sets are not on the per-row path, so the one findColumn costs nothing that counts.

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateString(columnIndex, column == null ? x : encrypt(column, x));
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        updateString(indexOf(columnLabel), x);
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
        updateNString(indexOf(columnLabel), x);
    }

    /** reference §6 "Typed values": the bytes themselves are encrypted, as {@code setBytes} does. */
    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        if (column == null) {
            delegate.updateBytes(columnIndex, x);
        } else {
            keepsNoIndex(column);
            delegate.updateString(columnIndex, context.crypto().encryptBytes(column, x));
        }
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        updateBytes(indexOf(columnLabel), x);
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x));
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        updateObject(indexOf(columnLabel), x);
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        updateObject(indexOf(columnLabel), x, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        updateObject(indexOf(columnLabel), x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        SecretColumn column = secretAt(columnIndex);
        delegate.updateObject(columnIndex, column == null ? plainObject(x) : encryptObject(column, x), targetSqlType);
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        updateObject(indexOf(columnLabel), x, targetSqlType);
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        updateCharacterStream(columnIndex, x, (long) length);
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, int length) throws SQLException {
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
        updateCharacterStream(indexOf(columnLabel), reader, length);
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
        updateCharacterStream(indexOf(columnLabel), reader);
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
        updateNCharacterStream(indexOf(columnLabel), reader, length);
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
        updateNCharacterStream(indexOf(columnLabel), reader);
    }

    @Override
    public String toString() {
        return "SecretResultSet[" + delegate.getClass().getName() + "]";
    }
}
