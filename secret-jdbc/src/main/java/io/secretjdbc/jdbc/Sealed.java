package io.secretjdbc.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The delegate's objects that are neither connections, statements nor result sets (LOBs, arrays,
 * structs, refs, row ids, savepoints, parameter metadata, database metadata) cross to the application
 * only inside a dynamic proxy that implements exactly the JDBC interfaces asked for, so that no cast
 * reaches the delegate's class (sqlite-jdbc's statement is its own {@code ParameterMetaData}, pgjdbc's
 * {@code PgArray} holds its connection). Whatever a proxied method returns is sealed the same way, by
 * its declared type; a result set becomes a {@link SecretResultSet}, a connection the application's
 * own {@link SecretConnection}. {@code unwrap} obeys {@code secret.allow-unwrap}. These interfaces are
 * cold, so reflection costs nothing that matters; the hot path (statement setters, result-set
 * getters) stays hand-written and only passes plain values through {@link #out(SecretContext, Object)}'s
 * type check.
 *
 * <p>Every call through a proxy ends with a value or an {@link SQLException}: a delegate that throws
 * anything else is reported through {@link Errors#unexpected}.
 */
final class Sealed implements InvocationHandler {

    /** What a value returned as {@code Object} may be, most specific first. */
    private static final Class<?>[] HANDLES = {NClob.class, Clob.class, Blob.class, SQLXML.class, Array.class,
        Struct.class, Ref.class, RowId.class, Savepoint.class};

    private final SecretContext context;
    private final Object target;
    /** What a method declared to return a {@link Connection} returns: the application's connection. */
    private final Connection owner;
    private final Class<?>[] interfaces;

    private Sealed(SecretContext context, Object target, Connection owner, Class<?>[] interfaces) {
        this.context = context;
        this.target = target;
        this.owner = owner;
        this.interfaces = interfaces;
    }

    /** {@code value} behind a proxy that implements {@code iface} only; null stays null. */
    static <T> T seal(SecretContext context, Connection owner, Class<T> iface, T value) {
        if (value == null) {
            return null;
        }
        return iface.cast(proxy(context, value, owner, new Class<?>[] {iface}));
    }

    /** {@link DatabaseMetaData} with back-references to the application's connection. */
    static DatabaseMetaData metaData(SecretContext context, SecretConnection owner, DatabaseMetaData delegate) {
        return seal(context, owner, DatabaseMetaData.class, delegate);
    }

    /**
     * A value a getter returns as {@code Object} ({@code getObject}, {@code Array.getArray}): plain values
     * as they are, JDBC handles sealed, a result set (a PostgreSQL refcursor) wrapped; a statement or
     * connection, which no getter should return, is refused. Allocation-free for plain values.
     */
    static Object out(SecretContext context, Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return outSlow(context, null, value);
    }

    /** {@link #out(SecretContext, Object)} for {@code getObject(i, type)}: a delegate class as type is refused. */
    static <T> T out(SecretContext context, Class<T> type, Object value) throws SQLException {
        Object sealed = out(context, value);
        if (sealed != null && !type.isInstance(sealed)) {
            throw new SQLException("getObject(" + type.getName() + ") would hand out the delegate driver's own object,"
                    + " which bypasses encryption: ask for a JDBC interface or a value type.", "42501");
        }
        return type.cast(sealed);
    }

    private static Object outSlow(SecretContext context, Connection owner, Object value) throws SQLException {
        if (value instanceof ResultSet rs) {
            return new SecretResultSet(context, null, rs, null);
        }
        if (value instanceof Connection || value instanceof Statement || value instanceof DatabaseMetaData) {
            throw new SQLException("The delegate driver returned its own " + (value instanceof Connection
                    ? "connection" : value instanceof Statement ? "statement" : "metadata") + " object as a value,"
                    + " which secret-jdbc does not hand out (it would bypass encryption).", "HY000");
        }
        if (value instanceof Object[] array) {
            return outArray(context, owner, array);
        }
        List<Class<?>> implemented = new ArrayList<>(2);
        for (Class<?> handle : HANDLES) {
            if (handle.isInstance(value) && implemented.stream().noneMatch(handle::isAssignableFrom)) {
                implemented.add(handle);
            }
        }
        if (implemented.isEmpty()) {
            if (value instanceof Wrapper) {
                throw new SQLException("The delegate driver returned a JDBC object of a kind secret-jdbc does not"
                        + " wrap (" + value.getClass().getName() + "), so it is not handed out.", "HY000");
            }
            return value; // a plain value: PGobject, byte[], a date, a UUID ...
        }
        return proxy(context, value, owner, implemented.toArray(new Class<?>[0]));
    }

    /** Arrays of values ({@code Array.getArray}, {@code Struct.getAttributes}) are copied only if an element needs sealing. */
    private static Object[] outArray(SecretContext context, Connection owner, Object[] array) throws SQLException {
        Object[] copy = null;
        for (int i = 0; i < array.length; i++) {
            Object element = array[i];
            Object sealed = element == null || element instanceof String || element instanceof Number ? element
                    : outSlow(context, owner, element);
            if (sealed != element) {
                if (copy == null) {
                    copy = new Object[array.length];
                    System.arraycopy(array, 0, copy, 0, array.length);
                }
                copy[i] = sealed;
            }
        }
        return copy == null ? array : copy;
    }

    /**
     * What to hand the delegate for an object the application passes in ({@code setBlob}, {@code rollback(sp)},
     * {@code setObject}): the delegate's own object behind one of our proxies, anything else as it is.
     */
    @SuppressWarnings("unchecked") // a proxy implements only interfaces its target implements
    static <T> T in(T value) {
        if (value == null || value instanceof String || value instanceof Number || !Proxy.isProxyClass(value.getClass())) {
            return value;
        }
        return Proxy.getInvocationHandler(value) instanceof Sealed sealed ? (T) sealed.target : value;
    }

    /** {@link #in(Object)} of each element, in a copy when any changes. */
    static Object[] inAll(Object[] values) {
        if (values == null) {
            return null;
        }
        Object[] copy = values;
        for (int i = 0; i < values.length; i++) {
            Object inner = in(values[i]);
            if (inner != values[i]) {
                if (copy == values) {
                    copy = values.clone();
                }
                copy[i] = inner;
            }
        }
        return copy;
    }

    /** The handler alone, for a proxy that sends only some methods here ({@link CallableStatements}). */
    static InvocationHandler handler(SecretContext context, Connection owner, Class<?> iface, Object target) {
        return new Sealed(context, target, owner, new Class<?>[] {iface});
    }

    private static Object proxy(SecretContext context, Object target, Connection owner, Class<?>[] interfaces) {
        return Proxy.newProxyInstance(Sealed.class.getClassLoader(), interfaces,
                new Sealed(context, target, owner, interfaces));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
                if (args != null && args.length == 1 && method.getParameterTypes()[0] == Class.class) {
                    return unwrap(proxy, Errors.required((Class<?>) args[0], "interface to unwrap to"));
                }
                break;
            case "isWrapperFor":
                if (args != null && args.length == 1 && method.getParameterTypes()[0] == Class.class) {
                    return isWrapperFor(proxy, Errors.required((Class<?>) args[0], "interface to check"));
                }
                break;
            case "equals":
                if (args != null && args.length == 1 && method.getParameterTypes()[0] == Object.class) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (args == null) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (args == null) {
                    // The delegate's toString may print a value or a URL: name the interface only.
                    return "secret-jdbc " + interfaces[0].getSimpleName();
                }
                break;
            default:
                break;
        }
        Object result;
        try {
            result = method.invoke(target, inArguments(args));
        } catch (InvocationTargetException e) {
            throw Errors.thrownBy(e.getCause(), method);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw Errors.thrownBy(e, method);
        }
        return returned(method.getReturnType(), result);
    }

    private Object[] inArguments(Object[] args) {
        if (args == null) {
            return null;
        }
        for (int i = 0; i < args.length; i++) {
            args[i] = in(args[i]);
        }
        return args;
    }

    /** Seals a result by the method's declared return type. */
    private Object returned(Class<?> type, Object result) throws SQLException {
        if (result == null || type.isPrimitive() || type == String.class) {
            return result;
        }
        if (type == Connection.class) {
            if (owner == null) {
                throw new SQLException("The delegate's " + interfaces[0].getSimpleName() + " returned a connection,"
                        + " which secret-jdbc does not hand out.", "HY000");
            }
            return owner;
        }
        if (type == ResultSet.class) {
            return new SecretResultSet(context, null, (ResultSet) result, null);
        }
        if (type.isInterface() && type.getName().startsWith("java.sql.") && type != java.sql.SQLType.class) {
            return proxy(context, result, owner, new Class<?>[] {type});
        }
        return outSlow(context, owner, result);
    }

    private Object unwrap(Object proxy, Class<?> iface) throws SQLException {
        if (iface.isInstance(proxy)) {
            return proxy;
        }
        boolean reachable = iface.isInstance(target) || target instanceof Wrapper w && w.isWrapperFor(iface);
        if (!reachable) {
            throw new SQLException("This " + interfaces[0].getSimpleName() + " does not wrap a " + iface.getName(),
                    "HY000");
        }
        if (!context.allowUnwrap()) {
            throw Errors.unwrapRefused(iface);
        }
        return iface.isInstance(target) ? target : ((Wrapper) target).unwrap(iface);
    }

    private boolean isWrapperFor(Object proxy, Class<?> iface) throws SQLException {
        if (iface.isInstance(proxy)) {
            return true;
        }
        return context.allowUnwrap() && (iface.isInstance(target) || target instanceof Wrapper w && w.isWrapperFor(iface));
    }

    /** The parameter metadata of a delegate statement, which on sqlite-jdbc is the statement itself. */
    static ParameterMetaData parameters(SecretContext context, ParameterMetaData delegate) {
        return seal(context, null, ParameterMetaData.class, delegate);
    }

    /** Only for tests that check what is sealed. */
    static boolean isSealed(Object value) {
        return value != null && Proxy.isProxyClass(value.getClass()) && Proxy.getInvocationHandler(value) instanceof Sealed;
    }
}
