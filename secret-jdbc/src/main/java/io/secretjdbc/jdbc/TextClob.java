package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * A CLOB held in memory by secret-jdbc, never by the delegate. {@code Connection.createClob()} hands
 * one out, because a delegate's CLOB may store what is written into it before it is bound anywhere
 * (H2 keeps LOB data in the database): text meant for a secret column must reach the database only
 * encrypted, when it is bound. {@code getClob} on a secret column hands out a read-only one holding the
 * decrypted text, so that writing through it cannot send plaintext anywhere. Bound to a plain
 * parameter it is sent as a string. {@link #toString()} never shows the text.
 */
final class TextClob implements NClob {

    private final StringBuilder text;
    /** The secret column a read-only CLOB was read from; null when writable. */
    private final SecretColumn readFrom;
    private boolean freed;

    private TextClob(String text, SecretColumn readFrom) {
        this.text = new StringBuilder(text);
        this.readFrom = readFrom;
    }

    /** An empty, writable CLOB ({@code Connection.createClob()}). */
    static TextClob writable() {
        return new TextClob("", null);
    }

    /** A read-only CLOB holding the decrypted value of {@code column}; null for a NULL value. */
    static TextClob readOnly(String decrypted, SecretColumn column) {
        return decrypted == null ? null : new TextClob(decrypted, column);
    }

    /** The whole text, for binding. */
    String text() throws SQLException {
        open();
        return text.toString();
    }

    private void open() throws SQLException {
        if (freed) {
            throw new SQLException("This Clob was freed.", "HY010");
        }
    }

    private void writable(String operation) throws SQLException {
        open();
        if (readFrom != null) {
            throw new SQLException("A Clob read from secret column " + readFrom.qualifiedName() + " is read-only ("
                    + operation + "): writing through it would not be encrypted. Update the value with"
                    + " updateString or an UPDATE statement.", "0A000");
        }
    }

    /** JDBC positions are 1-based; returns the 0-based offset, checked against the current length. */
    private int offset(long pos, int extra) throws SQLException {
        if (pos < 1 || pos - 1 > text.length() + (long) extra) {
            throw new SQLException("Clob position " + pos + " is outside 1.." + (text.length() + 1), "22003");
        }
        return (int) (pos - 1);
    }

    private static int length(long length) throws SQLException {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new SQLException("Clob length " + length + " is out of range", "22003");
        }
        return (int) length;
    }

    @Override
    public long length() throws SQLException {
        open();
        return text.length();
    }

    @Override
    public String getSubString(long pos, int length) throws SQLException {
        open();
        int from = offset(pos, 0);
        if (length < 0) {
            throw new SQLException("Clob length " + length + " is negative", "22003");
        }
        return text.substring(from, Math.min(text.length(), from + length));
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        return new StringReader(text());
    }

    @Override
    public Reader getCharacterStream(long pos, long length) throws SQLException {
        return new StringReader(getSubString(pos, length(length)));
    }

    @Override
    public java.io.InputStream getAsciiStream() throws SQLException {
        return new ByteArrayInputStream(text().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long position(String searchstr, long start) throws SQLException {
        open();
        if (searchstr == null) {
            throw new SQLException("The search string is null", "HY009");
        }
        int found = text.indexOf(searchstr, offset(start, 0));
        return found < 0 ? -1 : found + 1;
    }

    @Override
    public long position(Clob searchstr, long start) throws SQLException {
        if (searchstr == null) {
            throw new SQLException("The search Clob is null", "HY009");
        }
        return position(TextReading.read(searchstr), start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        if (str == null) {
            throw new SQLException("The string to write is null", "HY009");
        }
        return setString(pos, str, 0, str.length());
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
        writable("setString");
        if (str == null) {
            throw new SQLException("The string to write is null", "HY009");
        }
        if (offset < 0 || len < 0 || offset > str.length() - len) {
            throw new SQLException("offset " + offset + " and length " + len + " do not fit the string", "22003");
        }
        int from = offset(pos, 0);
        int end = Math.min(text.length(), from + len);
        text.replace(from, end, str.substring(offset, offset + len));
        return len;
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
        writable("setAsciiStream");
        Writer chars = writerAt(offset(pos, 0));
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                chars.write(b & 0x7f); // ASCII: the low seven bits of each byte are a character
            }
        };
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
        writable("setCharacterStream");
        return writerAt(offset(pos, 0));
    }

    /** Writes over the text from {@code from} on, and appends past its end. */
    private Writer writerAt(int from) {
        return new Writer() {
            private int at = from;

            @Override
            public void write(char[] chars, int off, int len) {
                for (int i = 0; i < len; i++) {
                    put(at++, chars[off + i]);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized void put(int at, char c) {
        if (at < text.length()) {
            text.setCharAt(at, c);
        } else {
            text.append(c);
        }
    }

    @Override
    public void truncate(long len) throws SQLException {
        writable("truncate");
        if (len < 0 || len > text.length()) {
            throw new SQLException("Clob length " + len + " is outside 0.." + text.length(), "22003");
        }
        text.setLength((int) len);
    }

    @Override
    public void free() {
        freed = true;
        text.setLength(0);
    }

    @Override
    public String toString() {
        return "secret-jdbc Clob[" + (readFrom == null ? "writable" : "read-only") + "]";
    }
}
