package io.secretjdbc.recording;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * The test oracle for "no plaintext reaches the database": a delegate driver for
 * {@code jdbc:recording:<rest>} that forwards to {@code jdbc:<rest>} (SQLite, H2, PostgreSQL, MariaDB:
 * any driver) and records every call made on every JDBC object it hands out, with or without
 * arguments. Use it under secret-jdbc as {@code jdbc:secret:recording:sqlite:/tmp/x.db}.
 *
 * <p>It cannot lie by omission: every argument is rendered (streams, readers, LOBs, SQLXML and arrays
 * are read, recorded, and handed on to the real driver as fresh copies), and every JDBC object that
 * any call returns (statements, result sets, metadata, LOBs, savepoints, arrays, writers into LOBs)
 * is itself recorded, so nothing reaches the database through an object that is not watched. An
 * object the recorder cannot watch (a vendor class handed out by {@code unwrap}) is recorded as an
 * {@linkplain #escapes() escape}. See {@link Recorder} for the wrapping and {@link Rendering} for the
 * arguments.
 */
public final class RecordingDriver implements Driver {

    public static final String PREFIX = "jdbc:recording:";
    private static final ConcurrentLinkedQueue<Call> SEEN = new ConcurrentLinkedQueue<>();

    /**
     * One call as the delegate received it.
     *
     * @param on        the interface it was made on, e.g. {@code PreparedStatement}, {@code Clob.Writer}
     * @param method    the method name
     * @param arguments every argument, rendered as text (contents of streams and LOBs included)
     */
    public record Call(String on, String method, List<String> arguments) {

        /** {@code on.method(arg, arg)}. */
        public String text() {
            return on + "." + method + "(" + String.join(", ", arguments) + ")";
        }

        /** True for the calls that hand SQL text to the database: prepare*, execute*, addBatch, nativeSQL. */
        public boolean sendsSql() {
            return method.startsWith("prepare") || method.startsWith("execute") || method.equals("addBatch")
                    || method.equals("nativeSQL");
        }

        @Override
        public String toString() {
            return text();
        }
    }

    static {
        try {
            DriverManager.registerDriver(new RecordingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Loads the class, so the driver is registered. */
    public static void register() {
    }

    /** Every call recorded so far, in order, as {@link Call#text()}. */
    public static List<String> seen() {
        List<String> texts = new ArrayList<>();
        for (Call call : SEEN) {
            texts.add(call.text());
        }
        return texts;
    }

    /** Every call recorded so far, in order. */
    public static List<Call> calls() {
        return new ArrayList<>(SEEN);
    }

    /** The recorded calls that handed SQL text to the database (see {@link Call#sendsSql()}). */
    public static List<String> sqlSent() {
        List<String> texts = new ArrayList<>();
        for (Call call : SEEN) {
            if (call.sendsSql()) {
                texts.add(call.text());
            }
        }
        return texts;
    }

    /** Objects handed out that the recorder could not watch (e.g. {@code unwrap} to a vendor class). */
    public static List<String> escapes() {
        List<String> texts = new ArrayList<>();
        for (Call call : SEEN) {
            if (call.on().equals(Recorder.ESCAPE)) {
                texts.add(call.text());
            }
        }
        return texts;
    }

    /** True when {@code object} was handed out by this driver: an object of the delegate, seen from above it. */
    public static boolean isDelegateObject(Object object) {
        return object != null && Recorder.targetOf(object) != object;
    }

    public static void clear() {
        SEEN.clear();
    }

    /**
     * The recorded calls whose text contains {@code marker}, ignoring case; empty means the marker never
     * reached the database.
     */
    public static List<String> sightingsOf(String marker) {
        String wanted = marker.toLowerCase(Locale.ROOT);
        List<String> hits = new ArrayList<>();
        for (Call call : SEEN) {
            String text = call.text();
            if (text.toLowerCase(Locale.ROOT).contains(wanted)) {
                hits.add(text);
            }
        }
        return hits;
    }

    static void record(String on, String method, List<String> arguments) {
        SEEN.add(new Call(on, method, List.copyOf(arguments)));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        record("Driver", "connect", List.of(url, String.valueOf(info)));
        String target = "jdbc:" + url.substring(PREFIX.length());
        Connection connection = DriverManager.getDriver(target).connect(target, info);
        return Recorder.wrap(connection, Connection.class, null);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        record("Driver", "getPropertyInfo", List.of(String.valueOf(url), String.valueOf(info)));
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        String target = "jdbc:" + url.substring(PREFIX.length());
        return DriverManager.getDriver(target).getPropertyInfo(target, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
