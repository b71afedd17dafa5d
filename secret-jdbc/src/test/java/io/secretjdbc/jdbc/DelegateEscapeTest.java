package io.secretjdbc.jdbc;

import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 class 2: no method of any wrapper hands out a delegate object. Starting from a connection over
 * the {@link MarkingDriver}, the test calls every method of every JDBC interface that returns an object
 * (with plausible arguments), on every object reached that way (statements, result sets positioned on
 * a row of secret values, metadata, LOBs, arrays, savepoints), and checks each result: not a delegate
 * object, made by secret-jdbc if it is a JDBC object at all, and no {@code unwrap} of it reaches a
 * delegate object.
 */
class DelegateEscapeTest {

    private static final Class<?>[] UNWRAP_TARGETS = {Connection.class, Statement.class, PreparedStatement.class,
        CallableStatement.class, ResultSet.class, DatabaseMetaData.class, ResultSetMetaData.class,
        ParameterMetaData.class, Clob.class, NClob.class, Blob.class, SQLXML.class, Array.class, Struct.class,
        Ref.class, RowId.class, Savepoint.class};
    /** Objects explored per kind (class and interfaces): enough to reach every kind without exploding. */
    private static final int PER_KIND = 3;
    private static final int MAX_OBJECTS = 400;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noMethodOfAnyWrapperHandsOutADelegateObject(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_escape", dir);
        try (Connection c = t.secretOverMarking(new Properties())) {
            seed(c, t);
            Walk walk = new Walk();
            walk.explore(roots(c, t));
            assertThat(walk.calls).as("calls made").isGreaterThan(300);
            assertThat(walk.kinds.keySet()).as("kinds of objects reached")
                    .anyMatch(k -> k.contains("ResultSetMetaData"))
                    .anyMatch(k -> k.contains("ParameterMetaData"))
                    .anyMatch(k -> k.contains("DatabaseMetaData"))
                    .anyMatch(k -> k.contains("Savepoint"))
                    .anyMatch(k -> k.contains("Clob"));
            assertThat(walk.failures).as("delegate objects handed out").isEmpty();
        }
    }

    /**
     * The oracle can fail: it flags the raw driver's objects, and on SQLite, with unwrap allowed, the
     * delegate statement that sqlite-jdbc's parameter metadata is; with unwrap refused it flags nothing.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2"})
    void theOracleSeesADelegateObject(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_escape_control", dir);
        String sql = "SELECT id FROM other WHERE id = ?";
        Properties unwrap = new Properties();
        unwrap.setProperty("secret.allow-unwrap", "true");
        try (Connection raw = t.rawMarked(); Connection allowing = t.secretOverMarking(unwrap);
             Connection refusing = t.secretOverMarking(new Properties())) {
            PreparedStatement rawPs = raw.prepareStatement(sql);
            Walk rawWalk = new Walk();
            rawWalk.check(rawPs.getParameterMetaData(), "raw");
            rawWalk.check(rawPs, "raw");
            assertThat(rawWalk.failures).hasSize(2);

            Walk refused = new Walk();
            refused.check(refusing.prepareStatement(sql).getParameterMetaData(), "refusing");
            assertThat(refused.failures).isEmpty();
            if (backend == Backend.SQLITE) {
                assertThat(rawPs.getParameterMetaData()).as("sqlite-jdbc's statement is its own metadata").isSameAs(rawPs);
                Walk allowed = new Walk();
                allowed.check(allowing.prepareStatement(sql).getParameterMetaData(), "allowing");
                assertThat(allowed.failures).contains("allowing.unwrap(PreparedStatement) reached a delegate object");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void getResultSetReturnsTheSameWrapperForTheSameResults(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_escape_same", dir);
        try (Connection c = t.secretOverMarking(new Properties()); Statement s = c.createStatement()) {
            seed(c, t);
            assertThat(s.execute("SELECT id, password FROM creds")).isTrue();
            ResultSet first = s.getResultSet();
            assertThat(s.getResultSet()).isSameAs(first);
            assertThat(first.getStatement()).isSameAs(s);
            assertThat(first.next()).isTrue();
            assertThat(first.getString(2)).isEqualTo("pw-1");
            ResultSet query = s.executeQuery("SELECT id FROM other");
            assertThat(s.getResultSet()).isSameAs(query).isNotSameAs(first);
        }
    }

    private static void seed(Connection c, JdbcTestDb t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO creds (id, username, password, api_token) VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= 2; i++) {
                ps.setInt(1, i);
                ps.setString(2, "user-" + i);
                ps.setString(3, "pw-" + i);
                ps.setString(4, "token-" + i);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO other (id, note, data) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "a plain note");
            ps.setBytes(3, new byte[] {1, 2, 3});
            ps.executeUpdate();
        }
    }

    /** Objects to start from: each kind of wrapper, some made by hand where no getter leads to them. */
    private static List<Object> roots(Connection c, JdbcTestDb t) throws SQLException {
        List<Object> roots = new ArrayList<>();
        roots.add(c);
        Statement s = c.createStatement();
        roots.add(s);
        ResultSet secrets = s.executeQuery("SELECT id, username, password, api_token FROM creds ORDER BY id");
        secrets.next();
        roots.add(secrets);
        PreparedStatement byId = c.prepareStatement("SELECT id, username, password, api_token FROM creds WHERE id = ?");
        byId.setInt(1, 1);
        roots.add(byId);
        ResultSet one = byId.executeQuery();
        one.next();
        roots.add(one);
        roots.add(c.prepareStatement("INSERT INTO creds (id, username, password, api_token) VALUES (?, ?, ?, ?)"));
        ResultSet lobs = c.createStatement().executeQuery("SELECT id, note, data FROM other");
        lobs.next();
        roots.add(lobs);
        Statement keys = c.createStatement();
        keys.executeUpdate("INSERT INTO other (id, note) VALUES (7, 'x')", Statement.RETURN_GENERATED_KEYS);
        roots.add(keys);
        roots.add(c.getMetaData());
        c.setAutoCommit(false);
        roots.add(c.setSavepoint());
        roots.add(c.setSavepoint("named"));
        roots.add(c.createClob());
        roots.add(c.createNClob());
        attempt(roots, c::createBlob);
        attempt(roots, c::createSQLXML);
        attempt(roots, () -> c.createArrayOf("VARCHAR", new Object[] {"a", "b"}));
        attempt(roots, () -> c.prepareCall(t.backend == Backend.MARIADB ? "SELECT 1" : "{call abs(1)}"));
        if (t.backend == Backend.POSTGRESQL || t.backend == Backend.H2) {
            ResultSet arrays = c.createStatement().executeQuery(t.backend == Backend.POSTGRESQL
                    ? "SELECT ARRAY['a','b'] AS arr, ARRAY[1,2] AS nums" : "SELECT ARRAY['a','b'] AS arr, ARRAY[1,2] AS nums");
            arrays.next();
            roots.add(arrays);
        }
        return roots;
    }

    @FunctionalInterface
    private interface Maker {
        Object make() throws SQLException;
    }

    /** Some drivers do not make every kind of object (sqlite-jdbc has no createBlob): that is fine. */
    private static void attempt(List<Object> roots, Maker maker) {
        try {
            Object made = maker.make();
            if (made != null) {
                roots.add(made);
            }
        } catch (SQLException expected) {
            roots.add(new Refused(expected.getSQLState()));
        }
    }

    /** Stands for a refused creation in the root list; never explored. */
    private record Refused(String sqlState) {
    }

    /** The breadth-first walk over everything reachable by methods that return objects. */
    private static final class Walk {
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new HashMap<>();
        final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int calls;

        void explore(List<Object> roots) {
            Deque<Object> queue = new ArrayDeque<>();
            for (Object root : roots) {
                if (JdbcSurface.isJdbc(root)) {
                    check(root, "root " + JdbcSurface.describe(root));
                    offer(queue, root);
                }
            }
            int explored = 0;
            while (!queue.isEmpty() && explored++ < MAX_OBJECTS) {
                Object object = queue.poll();
                for (Method method : JdbcSurface.methods(object)) {
                    if (returnsObject(method)) {
                        for (Object[] args : Arguments.plausible(method)) {
                            call(queue, object, method, args);
                        }
                    }
                }
            }
        }

        private void offer(Deque<Object> queue, Object value) {
            if (!seen.add(value)) {
                return;
            }
            String kind = JdbcSurface.describe(value);
            int n = kinds.merge(kind, 1, Integer::sum);
            if (n <= PER_KIND) {
                if (value instanceof ResultSet rs) {
                    try {
                        rs.next();
                    } catch (SQLException ignored) {
                        // an exhausted or closed result set is still explored: its getters must refuse cleanly
                    }
                }
                queue.add(value);
            }
        }

        private static boolean returnsObject(Method m) {
            Class<?> r = m.getReturnType();
            return !r.isPrimitive() && r != String.class && !m.getName().equals("unwrap")
                    && !m.getName().equals("toString");
        }

        private void call(Deque<Object> queue, Object object, Method method, Object[] args) {
            calls++;
            String where = JdbcSurface.describe(object) + "." + method.getName() + "(" + args.length + " args)";
            Object result;
            try {
                result = method.invoke(object, args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof SQLException)) {
                    failures.add(where + " threw " + e.getCause());
                }
                return;
            } catch (ReflectiveOperationException e) {
                failures.add(where + " could not be called: " + e);
                return;
            }
            if (result instanceof Object[] array) {
                for (Object element : array) {
                    inspect(queue, element, where + "[]");
                }
            } else {
                inspect(queue, result, where);
            }
        }

        private void inspect(Deque<Object> queue, Object result, String where) {
            if (result == null || !JdbcSurface.isJdbc(result) && !MarkingDriver.isMarked(result)) {
                return;
            }
            if (check(result, where)) {
                offer(queue, result);
            }
        }

        /** True when {@code value} is ours and no unwrap of it reaches a delegate object. */
        boolean check(Object value, String where) {
            if (MarkingDriver.isMarked(value) || !JdbcSurface.isOurs(value)) {
                failures.add(where + " returned a delegate object " + value.getClass().getName());
                return false;
            }
            if (value instanceof java.sql.Wrapper wrapper) {
                for (Class<?> target : UNWRAP_TARGETS) {
                    try {
                        Object unwrapped = wrapper.unwrap(target);
                        if (unwrapped != null && (MarkingDriver.isMarked(unwrapped) || !JdbcSurface.isOurs(unwrapped))) {
                            failures.add(where + ".unwrap(" + target.getSimpleName() + ") reached a delegate object");
                        }
                        if (wrapper.isWrapperFor(target) && !target.isInstance(value)) {
                            failures.add(where + ".isWrapperFor(" + target.getSimpleName() + ") admits a delegate");
                        }
                    } catch (SQLException refused) {
                        // refused: what secret.allow-unwrap=false promises
                    } catch (RuntimeException e) {
                        failures.add(where + ".unwrap(" + target.getSimpleName() + ") threw " + e);
                    }
                }
            }
            return true;
        }
    }

    /** Plausible arguments per method: several for index and label getters, so every column is visited. */
    static final class Arguments {
        private static final String SQL = "SELECT id, username, password FROM creds";

        static List<Object[]> plausible(Method m) {
            Class<?>[] types = m.getParameterTypes();
            List<Object[]> sets = new ArrayList<>();
            boolean resultGetter = m.getDeclaringClass() == ResultSet.class && types.length >= 1
                    && (types[0] == int.class || types[0] == String.class);
            int variants = resultGetter ? 4 : 1;
            for (int v = 0; v < variants; v++) {
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    Object arg = value(m, types[i], i, v);
                    if (arg == Unknown.INSTANCE) {
                        return sets;
                    }
                    args[i] = arg;
                }
                sets.add(args);
            }
            return sets;
        }

        private enum Unknown { INSTANCE }

        private static Object value(Method m, Class<?> type, int position, int variant) {
            boolean metadata = m.getDeclaringClass() == DatabaseMetaData.class;
            if (type == int.class) {
                return position == 0 ? variant + 1 : 1;
            }
            if (type == long.class) {
                return 1L;
            }
            if (type == boolean.class) {
                return false;
            }
            if (type == String.class) {
                if (metadata) {
                    return null;
                }
                String name = m.getName();
                if (name.startsWith("execute") || name.startsWith("prepare") || name.equals("nativeSQL")
                        || name.equals("addBatch")) {
                    return SQL;
                }
                if (name.startsWith("create")) {
                    return "VARCHAR";
                }
                return new String[] {"id", "username", "password", "api_token"}[variant % 4];
            }
            if (type == Class.class) {
                return Object.class;
            }
            if (type == Map.class) {
                return new HashMap<>();
            }
            if (type == Object[].class) {
                return new Object[] {"a"};
            }
            if (type == int[].class) {
                return new int[] {1};
            }
            if (type == String[].class) {
                return new String[] {"id"};
            }
            if (type == Calendar.class) {
                return Calendar.getInstance();
            }
            if (type == Properties.class) {
                return new Properties();
            }
            return Unknown.INSTANCE;
        }
    }
}
