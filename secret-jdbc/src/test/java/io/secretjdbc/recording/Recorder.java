package io.secretjdbc.recording;

import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy behind every object the recording driver hands out. Each call is recorded (before it is
 * forwarded, so a call the database rejects is still seen), its arguments prepared by
 * {@link Rendering}, and its result wrapped again:
 * <ul>
 *   <li>a declared interface return type (Statement, ResultSet, metadata, Clob, Savepoint, Array, a
 *       vendor interface...) gives a proxy of exactly that interface: sqlite-jdbc's
 *       {@code ParameterMetaData} is its statement, and a proxy of the declared type cannot be cast to it;</li>
 *   <li>a back-reference ({@code getConnection}, {@code getStatement}) to an object this recorder already
 *       wraps gives the existing proxy, and asking twice for the same object ({@code getResultSet})
 *       gives the same proxy, so identity-based callers behave as over the real driver;</li>
 *   <li>{@code Writer}/{@code OutputStream} returns (writing into a LOB) are recorded as written;</li>
 *   <li>{@code Object} returns ({@code getObject}) are wrapped when they are JDBC objects;</li>
 *   <li>{@code unwrap} to a class (not an interface) cannot be watched: it is recorded as an escape.</li>
 * </ul>
 */
final class Recorder implements InvocationHandler {

    /** The {@link RecordingDriver.Call#on()} of an escape. */
    static final String ESCAPE = "ESCAPE";

    /** Interfaces an {@code Object}-typed result is wrapped as, first match wins (NClob before Clob). */
    private static final List<Class<?>> DATA_OBJECTS = List.of(ResultSet.class, Array.class, Blob.class,
            NClob.class, Clob.class, SQLXML.class, Struct.class, Ref.class, RowId.class);

    private final Object target;
    private final Class<?> iface;
    private final Recorder parent;
    private Object proxy;
    /** Per method, the last object returned and its proxy: the same object gets the same proxy. */
    private final Map<String, Object[]> lastReturned = new HashMap<>();

    private Recorder(Object target, Class<?> iface, Recorder parent) {
        this.target = target;
        this.iface = iface;
        this.parent = parent;
    }

    static <T> T wrap(T target, Class<T> iface, Recorder parent) {
        if (target == null) {
            return null;
        }
        Recorder recorder = new Recorder(target, iface, parent);
        ClassLoader loader = iface.getClassLoader() != null ? iface.getClassLoader() : Recorder.class.getClassLoader();
        Object proxy = Proxy.newProxyInstance(loader, new Class<?>[] {iface}, recorder);
        recorder.proxy = proxy;
        return iface.cast(proxy);
    }

    /** The real object behind one of our proxies, or {@code value} itself. */
    static Object targetOf(Object value) {
        if (value != null && Proxy.isProxyClass(value.getClass())
                && Proxy.getInvocationHandler(value) instanceof Recorder recorder) {
            return recorder.target;
        }
        return value;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(method, args);
        }
        Object[] passed = args == null ? null : args.clone();
        RecordingDriver.record(iface.getSimpleName(), method.getName(), Rendering.prepare(passed));
        String name = method.getName();
        if (name.equals("unwrap") && passed != null && passed.length == 1 && passed[0] instanceof Class<?> wanted) {
            return unwrap(wanted);
        }
        if (name.equals("isWrapperFor") && passed != null && passed.length == 1 && passed[0] instanceof Class<?> wanted
                && wanted.isInstance(proxy)) {
            return true;
        }
        Object result;
        try {
            result = method.invoke(target, passed);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return wrapResult(method, passed, result);
    }

    private Object objectMethod(Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return targetOf(args[0]) == target;
            case "hashCode":
                return System.identityHashCode(target);
            default:
                return "recorded " + iface.getSimpleName() + " over " + target;
        }
    }

    private Object unwrap(Class<?> wanted) throws SQLException {
        if (wanted.isInstance(proxy)) {
            return proxy;
        }
        Object real = ((java.sql.Wrapper) target).unwrap(wanted);
        if (wanted.isInterface()) {
            return child(real, wanted, "unwrap");
        }
        RecordingDriver.record(ESCAPE, "unwrap", List.of(wanted.getName()));
        return real;
    }

    private Object wrapResult(Method method, Object[] args, Object result) {
        if (result == null) {
            return null;
        }
        Class<?> declared = method.getReturnType();
        if (result instanceof Writer writer && declared == Writer.class) {
            return new RecordingWriter(writer, iface.getSimpleName() + ".Writer");
        }
        if (result instanceof OutputStream stream && declared == OutputStream.class) {
            return new RecordingOutputStream(stream, iface.getSimpleName() + ".OutputStream");
        }
        if (declared.isInterface() && watchable(declared)) {
            return child(result, declared, method.getName());
        }
        if (declared == Object.class) {
            Class<?> asked = args != null && args.length == 2 && args[1] instanceof Class<?> c ? c : null;
            for (Class<?> type : DATA_OBJECTS) {
                if (type.isInstance(result) && (asked == null || asked.isAssignableFrom(type))) {
                    return child(result, type, method.getName());
                }
            }
            return result;
        }
        if (!declared.isPrimitive() && !declared.getName().startsWith("java.") && !declared.getName().startsWith("javax.")) {
            // A vendor class from a vendor interface method (e.g. PGConnection.getCopyAPI()).
            RecordingDriver.record(ESCAPE, method.getName(), List.of(declared.getName()));
        }
        if (declared == javax.xml.transform.Result.class) {
            RecordingDriver.record(ESCAPE, method.getName(), List.of(result.getClass().getName()));
        }
        return result;
    }

    /** JDBC and vendor interfaces are wrapped; JDK data types (Map, Source, CharSequence...) are not. */
    private static boolean watchable(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.sql.") || name.startsWith("javax.sql.")
                || !(name.startsWith("java.") || name.startsWith("javax."));
    }

    /** The proxy for {@code result} as {@code type}: an ancestor's, the one handed out last, or a new one. */
    private synchronized Object child(Object result, Class<?> type, String method) {
        for (Recorder r = this; r != null; r = r.parent) {
            if (r.target == result && type.isInstance(r.proxy)) {
                return r.proxy;
            }
        }
        Object[] last = lastReturned.get(method);
        if (last != null && last[0] == result && type.isInstance(last[1])) {
            return last[1];
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object wrapped = wrap(result, (Class) type, this);
        lastReturned.put(method, new Object[] {result, wrapped});
        return wrapped;
    }
}
