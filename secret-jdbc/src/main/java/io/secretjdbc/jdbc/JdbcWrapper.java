package io.secretjdbc.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * What every wrapper shares: {@code unwrap} and {@code isWrapperFor}, per reference §5 (the delegate's own
 * objects bypass encryption, so they are handed out only with {@code secret.allow-unwrap=true}), and
 * {@link #call}/{@link #perform}, one delegate call through the one exception funnel ({@link
 * Errors#unexpected}: a driver's RuntimeException becomes an SQLException).
 *
 * <p>The wrappers still hold many one-line delegations of the same shape ({@code isClosed},
 * {@code getWarnings}, {@code getFetchSize} ... in Connection, Statement and ResultSet alike). They are not
 * repetition to fold: each implements a method of a different JDBC interface, and those interfaces share no
 * supertype that declares it, so the only common form would be reflection (a proxy), which the hot
 * interfaces must not pay for.
 */
abstract class JdbcWrapper implements Wrapper {

    final SecretContext context;
    private final Wrapper wrapped;

    JdbcWrapper(SecretContext context, Wrapper wrapped) {
        this.context = context;
        this.wrapped = wrapped;
    }

    /** A call on a delegate that returns a value, e.g. {@code Connection::getMetaData}. */
    @FunctionalInterface
    interface Call<D, T> {
        T on(D delegate) throws SQLException;
    }

    /** A call on a delegate that returns nothing, e.g. {@code Connection::commit}. */
    @FunctionalInterface
    interface Action<D> {
        void on(D delegate) throws SQLException;
    }

    /**
     * {@code call} on {@code delegate}, a driver's RuntimeException as an SQLException. A static method
     * reference passed here is one shared instance (it captures nothing), so the call allocates nothing;
     * a lambda that captures arguments allocates, so those stay off the per-row and per-execution paths.
     * Not for int or long results on a hot path (they would be boxed).
     */
    static <D, T> T call(D delegate, Call<D, T> call) throws SQLException {
        try {
            return call.on(delegate);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    /** {@code action} on {@code delegate}, a driver's RuntimeException as an SQLException. */
    static <D> void perform(D delegate, Action<D> action) throws SQLException {
        try {
            action.on(delegate);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        Errors.required(iface, "interface to unwrap to");
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        boolean reachable = iface.isInstance(wrapped) || wrapped.isWrapperFor(iface);
        if (!reachable) {
            throw new SQLException(getClass().getSimpleName() + " does not wrap a " + iface.getName(), "HY000");
        }
        if (!context.allowUnwrap()) {
            throw Errors.unwrapRefused(iface);
        }
        return iface.isInstance(wrapped) ? iface.cast(wrapped) : wrapped.unwrap(iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        Errors.required(iface, "interface to check");
        if (iface.isInstance(this)) {
            return true;
        }
        return context.allowUnwrap() && (iface.isInstance(wrapped) || wrapped.isWrapperFor(iface));
    }
}
