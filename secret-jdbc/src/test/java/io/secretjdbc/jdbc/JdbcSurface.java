package io.secretjdbc.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDBC surface of an object, for the reflective tests: the public methods of every {@code java.sql}
 * interface it implements, in a stable order, and whether an object is a JDBC object at all.
 */
final class JdbcSurface {

    private JdbcSurface() {
    }

    /** The {@code java.sql} interfaces {@code value}'s class implements, directly or inherited. */
    static Set<Class<?>> interfaces(Object value) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, found);
        }
        return found;
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().startsWith("java.sql.")) {
                into.add(i);
            }
            collect(i, into);
        }
    }

    /** True for an object that implements a {@code java.sql} interface (a handle, not a value). */
    static boolean isJdbc(Object value) {
        return value != null && (value instanceof Wrapper || !interfaces(value).isEmpty());
    }

    /** Every public, non-static method of the object's JDBC interfaces, once per signature, sorted. */
    static List<Method> methods(Object value) {
        List<Method> methods = new ArrayList<>();
        Set<String> signatures = new LinkedHashSet<>();
        for (Class<?> i : interfaces(value)) {
            for (Method m : i.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String signature = m.getName() + java.util.Arrays.toString(m.getParameterTypes());
                if (signatures.add(signature)) {
                    methods.add(m);
                }
            }
        }
        methods.sort(Comparator.comparing((Method m) -> m.getName()).thenComparing(m -> m.getParameterCount())
                .thenComparing(m -> java.util.Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    /** True when secret-jdbc made the object: its class is ours, or it is a proxy with our handler. */
    static boolean isOurs(Object value) {
        Class<?> type = value.getClass();
        if (Proxy.isProxyClass(type)) {
            return Proxy.getInvocationHandler(value).getClass().getName().startsWith("io.secretjdbc.")
                    && !MarkingDriver.isMarked(value);
        }
        return type.getName().startsWith("io.secretjdbc.") && !type.getName().startsWith("io.secretjdbc.jdbc.Marking");
    }

    /** A short name for messages: the interfaces, never the object's toString. */
    static String describe(Object value) {
        return value.getClass().getSimpleName() + interfaces(value).stream().map(Class::getSimpleName).toList();
    }
}
