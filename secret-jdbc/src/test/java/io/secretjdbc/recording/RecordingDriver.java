package io.secretjdbc.recording;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * The test oracle for "no plaintext reaches the database": a delegate driver for
 * {@code jdbc:recording:<rest>} that forwards to {@code jdbc:<rest>} and records every SQL string and
 * every argument (bound values included) that crosses the connection, statement and prepared
 * statement interfaces. Use it under secret-jdbc as {@code jdbc:secret:recording:sqlite:/tmp/x.db}.
 */
public final class RecordingDriver implements Driver {

    public static final String PREFIX = "jdbc:recording:";
    private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

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

    /** Everything recorded so far, in order. */
    public static List<String> seen() {
        return new ArrayList<>(SEEN);
    }

    public static void clear() {
        SEEN.clear();
    }

    /** The recorded texts that contain {@code marker}; empty means the marker never reached the database. */
    public static List<String> sightingsOf(String marker) {
        List<String> hits = new ArrayList<>();
        for (String s : SEEN) {
            if (s.contains(marker)) {
                hits.add(s);
            }
        }
        return hits;
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
        String target = "jdbc:" + url.substring(PREFIX.length());
        Connection connection = DriverManager.getDriver(target).connect(target, info);
        return record(connection, Connection.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T record(T target, Class<T> iface) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (args != null) {
                for (Object arg : args) {
                    if (arg != null) {
                        SEEN.add(method.getName() + ": "
                                + (arg instanceof Object[] ? Arrays.deepToString((Object[]) arg) : arg));
                    }
                }
            }
            try {
                Object result = method.invoke(target, args);
                // By declared type: sqlite-jdbc's ParameterMetaData is its statement object too.
                Class<?> type = method.getReturnType();
                if (type == CallableStatement.class) {
                    return record((CallableStatement) result, CallableStatement.class);
                }
                if (type == PreparedStatement.class) {
                    return record((PreparedStatement) result, PreparedStatement.class);
                }
                if (type == Statement.class) {
                    return record((Statement) result, Statement.class);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(RecordingDriver.class.getClassLoader(), new Class<?>[] {iface}, handler);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
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
