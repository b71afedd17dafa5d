package io.secretjdbc.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@code unwrap} and {@code isWrapperFor} for every wrapper, per reference §5: the delegate's own objects
 * bypass encryption, so they are handed out only with {@code secret.allow-unwrap=true}.
 */
abstract class JdbcWrapper implements Wrapper {

    final SecretContext context;
    private final Wrapper wrapped;

    JdbcWrapper(SecretContext context, Wrapper wrapped) {
        this.context = context;
        this.wrapped = wrapped;
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
