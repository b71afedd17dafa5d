package io.secretjdbc.jdbc;

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
import java.util.Calendar;

/**
 * Every {@code PreparedStatement} setter as one constant, so that {@link PreparedBinding} binds all of them
 * through one funnel (one try/catch, one parameter mapping, one secret path). Arguments travel without
 * allocation: the value as {@code x}, a primitive's bits or a length in {@code n}, a Calendar, SQLType or
 * type name in {@code extra}. {@link #plain} calls the delegate's own setter; {@link #mode} says how a
 * value bound to a secret column is read as text; {@link #boxed} gives the value the secret path encrypts.
 */
enum Setter {
    STRING(Mode.TEXT, "setString") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setString(i, (String) x);
        }
    },
    NSTRING(Mode.TEXT, "setNString") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setNString(i, (String) x);
        }
    },
    OBJECT(Mode.VALUE, "setObject") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setObject(i, plainObject(x));
        }
    },
    /** {@code n} is the target SQL type. */
    OBJECT_TYPE(Mode.VALUE, "setObject") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setObject(i, plainObject(x), (int) n);
        }
    },
    /** {@code n} is the target SQL type in its high 32 bits and the scale or length in its low ones. */
    OBJECT_TYPE_SCALE(Mode.VALUE, "setObject") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setObject(i, plainObject(x), (int) (n >> 32), (int) n);
        }
    },
    /** {@code extra} is the SQLType. */
    OBJECT_SQLTYPE(Mode.VALUE, "setObject") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setObject(i, plainObject(x), (SQLType) extra);
        }
    },
    /** {@code extra} is the SQLType, {@code n} the scale or length. */
    OBJECT_SQLTYPE_SCALE(Mode.VALUE, "setObject") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setObject(i, plainObject(x), (SQLType) extra, (int) n);
        }
    },
    /** {@code n} is the length, or -1 for none. */
    CHARACTER_STREAM(Mode.READER, "setCharacterStream") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setCharacterStream(i, (Reader) x);
            } else {
                ps.setCharacterStream(i, (Reader) x, n);
            }
        }
    },
    NCHARACTER_STREAM(Mode.READER, "setNCharacterStream") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setNCharacterStream(i, (Reader) x);
            } else {
                ps.setNCharacterStream(i, (Reader) x, n);
            }
        }
    },
    CLOB(Mode.CLOB, "setClob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (x instanceof TextClob ours) {
                ps.setString(i, ours.text());
            } else {
                ps.setClob(i, Sealed.in((Clob) x));
            }
        }
    },
    NCLOB(Mode.CLOB, "setNClob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (x instanceof TextClob ours) {
                ps.setString(i, ours.text());
            } else {
                ps.setNClob(i, Sealed.in((NClob) x));
            }
        }
    },
    CLOB_READER(Mode.READER, "setClob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setClob(i, (Reader) x);
            } else {
                ps.setClob(i, (Reader) x, n);
            }
        }
    },
    NCLOB_READER(Mode.READER, "setNClob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setNClob(i, (Reader) x);
            } else {
                ps.setNClob(i, (Reader) x, n);
            }
        }
    },
    /** {@code n} is the SQL type, {@code extra} the type name or null. */
    NULL(Mode.NULL, "setNull") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (extra == null) {
                ps.setNull(i, (int) n);
            } else {
                ps.setNull(i, (int) n, (String) extra);
            }
        }
    },
    BOOLEAN(Mode.VALUE, "setBoolean") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setBoolean(i, n != 0);
        }

        @Override
        Object boxed(Object x, long n) {
            return n != 0;
        }
    },
    BYTE(Mode.VALUE, "setByte") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setByte(i, (byte) n);
        }

        @Override
        Object boxed(Object x, long n) {
            return (byte) n;
        }
    },
    SHORT(Mode.VALUE, "setShort") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setShort(i, (short) n);
        }

        @Override
        Object boxed(Object x, long n) {
            return (short) n;
        }
    },
    INT(Mode.VALUE, "setInt") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setInt(i, (int) n);
        }

        @Override
        Object boxed(Object x, long n) {
            return (int) n;
        }
    },
    LONG(Mode.VALUE, "setLong") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setLong(i, n);
        }

        @Override
        Object boxed(Object x, long n) {
            return n;
        }
    },
    /** {@code n} holds {@link Float#floatToRawIntBits}. */
    FLOAT(Mode.VALUE, "setFloat") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setFloat(i, Float.intBitsToFloat((int) n));
        }

        @Override
        Object boxed(Object x, long n) {
            return Float.intBitsToFloat((int) n);
        }
    },
    /** {@code n} holds {@link Double#doubleToRawLongBits}. */
    DOUBLE(Mode.VALUE, "setDouble") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setDouble(i, Double.longBitsToDouble(n));
        }

        @Override
        Object boxed(Object x, long n) {
            return Double.longBitsToDouble(n);
        }
    },
    BIG_DECIMAL(Mode.VALUE, "setBigDecimal") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setBigDecimal(i, (BigDecimal) x);
        }
    },
    BYTES(Mode.VALUE, "setBytes") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setBytes(i, (byte[]) x);
        }
    },
    /** {@code extra} is the Calendar or null. */
    DATE(Mode.VALUE, "setDate") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (extra == null) {
                ps.setDate(i, (java.sql.Date) x);
            } else {
                ps.setDate(i, (java.sql.Date) x, (Calendar) extra);
            }
        }
    },
    TIME(Mode.VALUE, "setTime") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (extra == null) {
                ps.setTime(i, (java.sql.Time) x);
            } else {
                ps.setTime(i, (java.sql.Time) x, (Calendar) extra);
            }
        }
    },
    TIMESTAMP(Mode.VALUE, "setTimestamp") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (extra == null) {
                ps.setTimestamp(i, (java.sql.Timestamp) x);
            } else {
                ps.setTimestamp(i, (java.sql.Timestamp) x, (Calendar) extra);
            }
        }
    },
    /** {@code n} is the length: -1 none, else an int length when {@code extra} is null, a long one otherwise. */
    ASCII_STREAM(Mode.VALUE, "setAsciiStream") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setAsciiStream(i, (InputStream) x);
            } else if (extra == null) {
                ps.setAsciiStream(i, (InputStream) x, (int) n);
            } else {
                ps.setAsciiStream(i, (InputStream) x, n);
            }
        }
    },
    @SuppressWarnings("deprecation")
    UNICODE_STREAM(Mode.VALUE, "setUnicodeStream") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setUnicodeStream(i, (InputStream) x, (int) n);
        }
    },
    /** As {@link #ASCII_STREAM}. */
    BINARY_STREAM(Mode.VALUE, "setBinaryStream") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setBinaryStream(i, (InputStream) x);
            } else if (extra == null) {
                ps.setBinaryStream(i, (InputStream) x, (int) n);
            } else {
                ps.setBinaryStream(i, (InputStream) x, n);
            }
        }
    },
    REF(Mode.VALUE, "setRef") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setRef(i, Sealed.in((Ref) x));
        }
    },
    BLOB(Mode.VALUE, "setBlob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setBlob(i, Sealed.in((Blob) x));
        }
    },
    /** {@code n} is the length or -1. */
    BLOB_STREAM(Mode.VALUE, "setBlob") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            if (n < 0) {
                ps.setBlob(i, (InputStream) x);
            } else {
                ps.setBlob(i, (InputStream) x, n);
            }
        }
    },
    ARRAY(Mode.VALUE, "setArray") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setArray(i, Sealed.in((Array) x));
        }
    },
    URL(Mode.VALUE, "setURL") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setURL(i, (java.net.URL) x);
        }
    },
    ROW_ID(Mode.VALUE, "setRowId") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setRowId(i, Sealed.in((RowId) x));
        }
    },
    SQLXML_VALUE(Mode.VALUE, "setSQLXML") {
        @Override
        void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException {
            ps.setSQLXML(i, Sealed.in((SQLXML) x));
        }
    };

    /** How a value bound to a secret column is read as text. */
    enum Mode {
        /** The String itself (null stays null). */
        TEXT,
        /** {@link ValuePolicy#textOf}, or refused when the type has no text form. */
        VALUE,
        /** A character stream, read whole; a null reader goes the plain way. */
        READER,
        /** A Clob, read whole; null goes the plain way. */
        CLOB,
        /** setNull: the same for secret and plain columns. */
        NULL
    }

    final Mode mode;
    private final String name;

    Setter(Mode mode, String name) {
        this.mode = mode;
        this.name = name;
    }

    /** Calls the delegate's own setter for a plain (or ciphertext-free) value. */
    abstract void plain(PreparedStatement ps, int i, Object x, long n, Object extra) throws SQLException;

    /** The value the secret path reads as text: {@code x} itself, or a primitive boxed from {@code n}. */
    Object boxed(Object x, long n) {
        return x;
    }

    /** The setter's name for messages, {@code setObject(LocalDate)} for setObject. */
    String how(Object x) {
        return name.equals("setObject") ? "setObject(" + ValuePolicy.typeName(x) + ")" : name;
    }

    private static Object plainObject(Object x) throws SQLException {
        return x instanceof TextClob clob ? clob.text() : Sealed.in(x);
    }
}
