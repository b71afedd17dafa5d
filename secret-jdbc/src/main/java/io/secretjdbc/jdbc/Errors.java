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
        SQLException duplicate = duplicateIndexValue(e, plan);
        return duplicate != null ? duplicate : lengths.explain(e, plan);
    }

    /** An index value as the database may quote it: Base64 of 16 bytes (reference §3.1). */
    private static final java.util.regex.Pattern INDEX_VALUE = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{22}==");

    /**
     * A constraint violation (SQLState class 23) of a statement that writes or matches a blind index,
     * whose message names an index column or quotes something shaped like an index value: a unique index
     * on the index column is a unique constraint on the plaintext (reference §6 "Search"), so the error
     * names the secret column. The database's message is not kept, not even as the cause: it may quote
     * the index value, from which a guessed plaintext could be confirmed. Null for any other error.
     */
    static SQLException duplicateIndexValue(SQLException e, Plan plan) {
        if (plan == null || plan.search() == null || !isConstraintViolation(e)) {
            return null;
        }
        java.util.List<io.secretjdbc.registry.SecretColumn> columns = plan.search().indexedColumns();
        if (columns.isEmpty()) {
            return null;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        io.secretjdbc.registry.SecretColumn named = null;
        for (io.secretjdbc.registry.SecretColumn c : columns) {
            if (message.contains(c.blindIndex().column())) {
                named = c;
                break;
            }
        }
        if (named == null && !INDEX_VALUE.matcher(String.valueOf(e.getMessage())).find()) {
            return null;
        }
        String which = named != null ? "secret column " + named.qualifiedName()
                : "a secret column of this statement (" + columns.get(0).qualifiedName() + (columns.size() > 1 ? ", ..." : "")
                        + ") or another unique key";
        String state = e.getSQLState() == null ? "23000" : e.getSQLState();
        String text = "The statement would store a duplicate value in " + which + ": a unique index on its blind"
                + " index column makes the value (after its normalization) unique, and an equal value is already"
                + " stored. The database's message is withheld because it may quote the index value.";
        if (e instanceof java.sql.BatchUpdateException batch) {
            return new java.sql.BatchUpdateException(text, state, e.getErrorCode(),
                    batch.getLargeUpdateCounts(), null);
        }
        return new java.sql.SQLIntegrityConstraintViolationException(text, state, e.getErrorCode());
    }

    /** SQLState class 23, or (sqlite-jdbc gives no SQLState) a message that says a constraint failed. */
    private static boolean isConstraintViolation(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            return state.startsWith("23");
        }
        return e instanceof java.sql.SQLIntegrityConstraintViolationException
                || String.valueOf(e.getMessage()).toUpperCase(java.util.Locale.ROOT).contains("CONSTRAINT");
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
