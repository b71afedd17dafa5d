package io.secretjdbc.recording;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the arguments of a recorded call as text, reading what must be read to see it: a
 * {@link Reader} or {@link InputStream} is read to its end and replaced, in the argument array the
 * real driver receives, by a fresh copy of the same content; a Clob, Blob, SQLXML or Array is read
 * without being consumed; one of our own proxies is replaced by the real object (drivers cast LOBs
 * and savepoints to their own classes). Bytes are rendered as UTF-8, and again without NUL bytes, so
 * an ASCII marker sent as UTF-16 is seen too.
 */
final class Rendering {

    private Rendering() {
    }

    /** Renders every argument, replacing in {@code args} what the real driver must get instead. */
    static List<String> prepare(Object[] args) throws SQLException {
        List<String> rendered = new ArrayList<>();
        if (args == null) {
            return rendered;
        }
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Reader reader) {
                String text = readAll(reader);
                args[i] = new StringReader(text);
                rendered.add(text);
            } else if (arg instanceof InputStream stream) {
                byte[] bytes = readAll(stream);
                args[i] = new ByteArrayInputStream(bytes);
                rendered.add(bytes(bytes));
            } else {
                Object real = Recorder.targetOf(arg);
                args[i] = real;
                rendered.add(render(real));
            }
        }
        return rendered;
    }

    /** One value as text, contents included. */
    static String render(Object value) {
        try {
            if (value == null) {
                return "null";
            }
            if (value instanceof char[] chars) {
                return new String(chars);
            }
            if (value instanceof byte[] bytes) {
                return bytes(bytes);
            }
            if (value instanceof Object[] array) {
                List<String> parts = new ArrayList<>();
                for (Object element : array) {
                    parts.add(render(Recorder.targetOf(element)));
                }
                return parts.toString();
            }
            if (value.getClass().isArray()) {
                return primitiveArray(value);
            }
            if (value instanceof Clob clob) {
                return "Clob[" + clob.getSubString(1, (int) clob.length()) + "]";
            }
            if (value instanceof Blob blob) {
                return "Blob[" + bytes(blob.getBytes(1, (int) blob.length())) + "]";
            }
            if (value instanceof SQLXML xml) {
                return "SQLXML[" + xml.getString() + "]";
            }
            if (value instanceof Array array) {
                return "Array[" + render(array.getArray()) + "]";
            }
            if (value instanceof Struct struct) {
                return "Struct[" + struct.getSQLTypeName() + " " + render(struct.getAttributes()) + "]";
            }
            return String.valueOf(value);
        } catch (SQLException | RuntimeException e) {
            // A LOB or SQLXML that its driver will not let us read back (one being written through a
            // recorded Writer or setString: those calls were recorded as they were made).
            return value.getClass().getSimpleName() + "[not readable here: " + e.getClass().getSimpleName() + "]";
        }
    }

    static String bytes(byte[] bytes) {
        String utf8 = new String(bytes, StandardCharsets.UTF_8);
        String noNul = utf8.replace("\u0000", "");
        return noNul.equals(utf8) ? utf8 : utf8 + " / " + noNul;
    }

    private static String primitiveArray(Object value) {
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof short[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof float[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof boolean[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(value);
    }

    private static String readAll(Reader reader) throws SQLException {
        try {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new SQLException("the recording driver could not read a Reader argument", e);
        }
    }

    private static byte[] readAll(InputStream stream) throws SQLException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SQLException("the recording driver could not read an InputStream argument", e);
        }
    }
}
