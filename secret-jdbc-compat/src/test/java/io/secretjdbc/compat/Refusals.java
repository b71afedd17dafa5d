package io.secretjdbc.compat;

import java.sql.SQLException;

/** Finds the driver's refusal inside the exceptions a framework wraps it in. */
final class Refusals {

    private Refusals() {
    }

    /** The message of the first {@link SQLException} in the cause chain of {@code e}; fails if there is none. */
    static String sqlMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getMessage();
            }
        }
        throw new AssertionError("no SQLException in the cause chain of " + e, e);
    }
}
