package io.secretjdbc.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * Reads character streams and CLOBs (into one string) and binary streams (into one array) bound to secret
 * columns, since a value is encrypted whole.
 */
final class TextReading {

    private TextReading() {
    }

    /** Reads up to {@code length} characters ({@code -1}: to the end). */
    static String read(Reader reader, long length) throws SQLException {
        StringBuilder text = new StringBuilder(length > 0 && length < 1 << 20 ? (int) length : 256);
        char[] buffer = new char[4096];
        long left = length < 0 ? Long.MAX_VALUE : length;
        try {
            while (left > 0) {
                int n = reader.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                text.append(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new SQLException("Could not read the character stream bound to a secret column", "HY000", e);
        }
        return text.toString();
    }

    static String read(Clob clob) throws SQLException {
        long length = clob.length();
        if (length > Integer.MAX_VALUE) {
            throw new SQLException("A CLOB of " + length + " characters is too long for a secret column", "22001");
        }
        return clob.getSubString(1, (int) length);
    }

    /** Reads up to {@code length} bytes ({@code -1}: to the end); null for a null stream (bound as NULL). */
    static byte[] read(InputStream in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            // The JDK's own loop (readNBytes reads until the count or the end of the stream).
            return length < 0 ? in.readAllBytes() : in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
        } catch (IOException e) {
            throw new SQLException("Could not read the binary stream bound to a secret column", "HY000", e);
        }
    }
}
