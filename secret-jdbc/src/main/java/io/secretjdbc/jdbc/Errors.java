package io.secretjdbc.jdbc;

import io.secretjdbc.sql.Plan;

import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * The one funnel for errors on their way to the application (reference §7: every error is an
 * {@link SQLException}): a delegate's SQLException from a statement that wrote secret values gets the
 * ciphertext-length explanation ({@link CiphertextLength}), and anything else a delegate (or a bug of
 * ours) throws becomes an SQLException that names its type. Messages never carry a value: a delegate's
 * own message stays in the cause, as it only ever saw ciphertext.
 */
final class Errors {

    /** SQLState for "general error": the JDBC API was used in a way the delegate did not expect. */
    static final String GENERAL = "HY000";

    private Errors() {
    }

    /**
     * What to throw for {@code e}, thrown by the delegate while running {@code plan} (null for a batch of
     * several plans): explained when it is a right truncation of a statement that wrote secret values.
     */
    static SQLException fromDelegate(SQLException e, CiphertextLength lengths, Plan plan) {
        return lengths.explain(e, plan);
    }

    /** A throwable that is not an SQLException, as one. */
    static SQLException unexpected(Throwable t) {
        if (t instanceof SQLException e) {
            return e;
        }
        return new SQLException("The delegate driver failed with " + t.getClass().getName()
                + " instead of an SQLException (often a misuse of the JDBC API: a parameter or column index out of"
                + " range, a null argument, or a closed object). Its error is the cause.", GENERAL, t);
    }

    /** What a reflective call through {@code method} threw, as the method may throw it. */
    static Throwable thrownBy(Throwable t, Method method) {
        if (t instanceof SQLException || t instanceof VirtualMachineError) {
            return t;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(SQLException.class)) {
                return unexpected(t);
            }
        }
        return t;
    }

    /** {@code null} where SQL text is required ({@code prepareStatement(null)}, {@code execute(null)} ...). */
    static SQLException nullSql() {
        return new SQLException("The SQL statement is null: pass the SQL text to run.", "HY009");
    }

    /** A column label is required: a null one fails here, not as a NullPointerException inside a driver. */
    static void requireLabel(String columnLabel) throws SQLException {
        if (columnLabel == null) {
            throw new SQLException("The column label is null: pass a column label or use the column index.", "HY009");
        }
    }

    /** A required argument that is null, named by what it is. */
    static <T> T required(T value, String what) throws SQLException {
        if (value == null) {
            throw new SQLException("The " + what + " is null.", "HY009");
        }
        return value;
    }

    static SQLException unwrapRefused(Class<?> iface) {
        return new SQLException("unwrap(" + iface.getName() + ") would hand out the delegate driver's own "
                + "object, which bypasses encryption. Set secret.allow-unwrap=true if you really need it.", "42501");
    }
}
