package io.secretjdbc.jdbc;

import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 class 8, reference §7 "any misuse of the JDBC API ... SQLException, never another exception": every
 * public method of every wrapper, called with hostile arguments (null, 0, -1, huge, unknown labels), on
 * a fresh object each time, open and closed, returns normally or throws an {@link SQLException}.
 */
class OnlySqlExceptionsTest {

    private static final String INSERT = "INSERT INTO creds (id, username, password, api_token) VALUES (?, ?, ?, ?)";
    private static final String SECRETS = "SELECT id, username, password, api_token FROM creds";

    private static final java.util.concurrent.atomic.AtomicInteger KEYS = new java.util.concurrent.atomic.AtomicInteger(100);

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Factory {
        Object make(Connection c) throws SQLException;
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2"})
    void everyMethodOfEveryWrapperThrowsOnlySqlExceptions(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_only_sql", dir);
        try (Connection c = t.secret()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setInt(1, 1);
                ps.setString(2, "u");
                ps.setString(3, "p");
                ps.setString(4, "t");
                ps.executeUpdate();
            }
            c.createStatement().executeUpdate("INSERT INTO other (id, note) VALUES (1, 'n')");
        }
        Map<String, Factory> objects = new LinkedHashMap<>();
        objects.put("Statement", Connection::createStatement);
        objects.put("PreparedStatement(secret insert)", c -> c.prepareStatement(INSERT));
        objects.put("PreparedStatement(plain select)", c -> c.prepareStatement("SELECT id, note FROM other WHERE id = ?"));
        objects.put("ResultSet(secret)", c -> positioned(c.createStatement().executeQuery(SECRETS)));
        objects.put("ResultSet(plain)", c -> positioned(c.createStatement().executeQuery("SELECT id, note, data FROM other")));
        objects.put("ResultSet(generated keys)", c -> {
            Statement s = c.createStatement();
            s.executeUpdate("INSERT INTO other (id) VALUES (" + KEYS.incrementAndGet() + ")",
                    Statement.RETURN_GENERATED_KEYS);
            return s.getGeneratedKeys();
        });
        objects.put("DatabaseMetaData", Connection::getMetaData);
        objects.put("ResultSetMetaData", c -> c.createStatement().executeQuery(SECRETS).getMetaData());
        objects.put("ParameterMetaData", c -> c.prepareStatement(INSERT).getParameterMetaData());
        objects.put("Savepoint", c -> {
            c.setAutoCommit(false);
            return c.setSavepoint("sp");
        });
        objects.put("Clob(created)", c -> {
            java.sql.Clob clob = c.createClob();
            clob.setString(1, "text");
            return clob;
        });
        objects.put("Clob(read from a secret column)", c -> positioned(c.createStatement().executeQuery(SECRETS)).getClob(3));
        if (backend == Backend.H2) {
            objects.put("CallableStatement", c -> c.prepareCall("{call abs(?)}"));
            objects.put("Blob", c -> positioned(c.createStatement().executeQuery(
                    "SELECT CAST(X'0102' AS BLOB) FROM other")).getBlob(1));
        }

        List<String> failures = new ArrayList<>();
        int[] calls = {0};
        // The connection itself: a fresh one per call, so close() and abort() hurt nothing.
        try (Connection sample = t.secret()) {
            for (Method m : JdbcSurface.methods(sample)) {
                for (Object[] args : Hostile.arguments(m)) {
                    try (Connection fresh = t.secret()) {
                        invoke(fresh, "Connection", m, args, failures, calls);
                    } catch (SQLException closedByTheCall) {
                        // closing a connection the call aborted may fail: only the call is judged
                    }
                }
            }
        }
        for (Map.Entry<String, Factory> object : objects.entrySet()) {
            for (boolean closed : new boolean[] {false, true}) {
                exercise(t, object.getKey() + (closed ? " (closed)" : ""), object.getValue(), closed, failures, calls);
            }
        }
        assertThat(calls[0]).as("calls made").isGreaterThan(3000);
        assertThat(failures).as("calls that threw something other than an SQLException").isEmpty();
    }

    private static ResultSet positioned(ResultSet rs) throws SQLException {
        rs.next();
        return rs;
    }

    private static void exercise(JdbcTestDb t, String name, Factory factory, boolean closed, List<String> failures,
                                 int[] calls) throws SQLException {
        try (Connection c = t.secret()) {
            Object sample = factory.make(c);
            for (Method m : JdbcSurface.methods(sample)) {
                for (Object[] args : Hostile.arguments(m)) {
                    Object target = factory.make(c);
                    if (closed) {
                        close(target);
                    }
                    invoke(target, name, m, args, failures, calls);
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
        }
    }

    private static void close(Object target) throws SQLException {
        if (target instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("close() threw " + e, e);
            }
        } else if (target instanceof java.sql.Clob clob) {
            clob.free();
        } else if (target instanceof java.sql.Blob blob) {
            blob.free();
        }
    }

    private static void invoke(Object target, String name, Method m, Object[] args, List<String> failures,
                               int[] calls) {
        calls[0]++;
        try {
            m.invoke(target, args.clone());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof SQLException)) {
                failures.add(name + "." + m.getName() + java.util.Arrays.toString(m.getParameterTypes()).replace("class ", "")
                        .replace("java.lang.", "").replace("java.sql.", "").replace("interface ", "")
                        + " with " + Hostile.describe(args) + " threw " + cause.getClass().getName());
            }
        } catch (ReflectiveOperationException e) {
            failures.add(name + "." + m.getName() + " could not be called: " + e);
        }
    }

    /** Hostile values per parameter type, four vectors: zero/null, negative, huge, unknown. */
    static final class Hostile {
        static List<Object[]> arguments(Method m) {
            Class<?>[] types = m.getParameterTypes();
            Set<String> distinct = new TreeSet<>();
            List<Object[]> sets = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    args[i] = value(types[i], v);
                }
                if (distinct.add(describe(args))) {
                    sets.add(args);
                }
            }
            return sets;
        }

        private static Object value(Class<?> type, int v) {
            if (type == int.class) {
                return new int[] {0, -1, Integer.MAX_VALUE, 1_000_000}[v];
            }
            if (type == long.class) {
                return new long[] {0, -1, Long.MAX_VALUE, 1_000_000}[v];
            }
            if (type == short.class) {
                return new short[] {0, -1, Short.MAX_VALUE, 1000}[v];
            }
            if (type == byte.class) {
                return new byte[] {0, -1, Byte.MAX_VALUE, 100}[v];
            }
            if (type == boolean.class) {
                return v % 2 == 1;
            }
            if (type == double.class) {
                return new double[] {0, -1, Double.NaN, Double.MAX_VALUE}[v];
            }
            if (type == float.class) {
                return new float[] {0, -1, Float.NaN, Float.MAX_VALUE}[v];
            }
            if (type == String.class) {
                return new String[] {null, "", "no_such_label", "x".repeat(5000)}[v];
            }
            if (type == Object.class) {
                return new Object[] {null, new Object(), "x", Integer.MAX_VALUE}[v];
            }
            if (type == Class.class) {
                return new Class<?>[] {null, Void.class, Connection.class, Thread.class}[v];
            }
            if (type == int[].class) {
                return v == 0 ? null : new int[] {-1, 0, Integer.MAX_VALUE};
            }
            if (type == String[].class) {
                return v == 0 ? null : new String[] {null, "no_such_column"};
            }
            if (type == Object[].class) {
                return v == 0 ? null : new Object[] {null, new Object()};
            }
            return null;
        }

        static String describe(Object[] args) {
            StringBuilder s = new StringBuilder("(");
            for (Object a : args) {
                if (s.length() > 1) {
                    s.append(", ");
                }
                s.append(a == null ? "null" : a instanceof String str ? (str.length() > 20 ? "<" + str.length()
                        + " chars>" : "\"" + str + "\"") : a instanceof Class<?> c ? c.getSimpleName() + ".class"
                        : a.getClass().isArray() ? a.getClass().getSimpleName() : String.valueOf(a));
            }
            return s.append(')').toString();
        }
    }
}
