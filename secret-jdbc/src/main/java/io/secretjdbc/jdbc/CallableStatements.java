package io.secretjdbc.jdbc;

import io.secretjdbc.sql.Plan;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;

/**
 * A {@code CallableStatement} as a dynamic proxy: what it inherits from {@code PreparedStatement} and
 * {@code Statement} goes to a hand-written {@link SecretPreparedStatement} (binding, planning, result
 * wrapping), what {@code CallableStatement} adds (OUT parameters, named parameters) to the delegate
 * through {@link Sealed}, which seals what comes back (a refcursor result set, a LOB) and turns any
 * non-SQLException into one. The connection hands one out only for SQL whose plan allows a call
 * ({@link Plan#checkCallAllowed()}), so nothing here encrypts; a call is cold, so reflection costs
 * nothing that matters.
 */
final class CallableStatements {

    private CallableStatements() {
    }

    static CallableStatement of(SecretContext context, SecretConnection connection, CallableStatement delegate,
                                Plan plan) {
        SecretPreparedStatement prepared = new SecretPreparedStatement(context, connection, delegate, plan);
        InvocationHandler sealed = Sealed.handler(context, connection, CallableStatement.class, delegate);
        InvocationHandler handler = (proxy, method, args) -> {
            Class<?> declaring = method.getDeclaringClass();
            if (declaring == CallableStatement.class || declaring == Object.class
                    || declaring == java.sql.Wrapper.class) {
                return sealed.invoke(proxy, method, args);
            }
            try {
                return method.invoke(prepared, args);
            } catch (InvocationTargetException e) {
                throw Errors.thrownBy(e.getCause(), method);
            }
        };
        CallableStatement proxy = (CallableStatement) Proxy.newProxyInstance(CallableStatements.class.getClassLoader(),
                new Class<?>[] {CallableStatement.class}, handler);
        prepared.ownedBy(proxy);
        return proxy;
    }
}
