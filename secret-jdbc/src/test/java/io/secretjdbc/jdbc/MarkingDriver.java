package io.secretjdbc.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A delegate driver for {@code jdbc:marking:<rest>} that forwards to {@code jdbc:<rest>} and marks every
 * JDBC object the real driver hands out: each one is replaced by a proxy implementing every interface
 * of the real object's class (so sqlite-jdbc's statement stays its own {@code ParameterMetaData}), and
 * a real object met twice gets the same proxy (so {@code ps.getParameterMetaData() == ps} still
 * holds). {@link #isMarked} then tells whether an object secret-jdbc hands out is the delegate's.
 * Independent of the code under test: it knows nothing of secret-jdbc.
 */
public final class MarkingDriver implements Driver {

    public static final String PREFIX = "jdbc:marking:";

    static {
        try {
            DriverManager.registerDriver(new MarkingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static void register() {
    }

    /** True for an object this driver made: a delegate object. */
    public static boolean isMarked(Object value) {
        return value != null && Proxy.isProxyClass(value.getClass())
                && Proxy.getInvocationHandler(value) instanceof Marking;
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
        Connection real = DriverManager.getDriver(target).connect(target, info);
        return (Connection) new Session().mark(real);
    }

    /** The proxies of one connection's objects, so one real object always gets one proxy. */
    private static final class Session {
        private final Map<Object, Object> proxies = new IdentityHashMap<>();

        synchronized Object mark(Object real) {
            if (real == null) {
                return null;
            }
            Object known = proxies.get(real);
            if (known != null) {
                return known;
            }
            Set<Class<?>> interfaces = new LinkedHashSet<>();
            for (Class<?> c = real.getClass(); c != null; c = c.getSuperclass()) {
                collect(c, interfaces);
            }
            Object proxy = Proxy.newProxyInstance(MarkingDriver.class.getClassLoader(),
                    interfaces.toArray(new Class<?>[0]), new Marking(this, real));
            proxies.put(real, proxy);
            return proxy;
        }

        private static void collect(Class<?> type, Set<Class<?>> into) {
            for (Class<?> i : type.getInterfaces()) {
                if (i.getName().startsWith("java.")) {
                    into.add(i);
                }
                collect(i, into);
            }
        }

        boolean isJdbc(Object value) {
            if (value == null) {
                return false;
            }
            for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().startsWith("java.sql.") || extendsJdbc(i)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean extendsJdbc(Class<?> i) {
            for (Class<?> s : i.getInterfaces()) {
                if (s.getName().startsWith("java.sql.") || extendsJdbc(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Marking implements InvocationHandler {
        private final Session session;
        private final Object real;

        Marking(Session session, Object real) {
            this.session = session;
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (args != null) {
                for (int i = 0; i < args.length; i++) {
                    if (isMarked(args[i])) {
                        args[i] = ((Marking) Proxy.getInvocationHandler(args[i])).real;
                    }
                }
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result == real) {
                return proxy;
            }
            if (result instanceof Object[] array && array.getClass().getComponentType() == Object.class) {
                for (int i = 0; i < array.length; i++) {
                    if (session.isJdbc(array[i])) {
                        array[i] = session.mark(array[i]);
                    }
                }
                return array;
            }
            return session.isJdbc(result) ? session.mark(result) : result;
        }
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
