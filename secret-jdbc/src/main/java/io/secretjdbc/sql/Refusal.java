package io.secretjdbc.sql;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Why a statement may not run. Thrown inside the planner to stop analysis at the first problem, and
 * kept in the {@link Plan} so every execution gets a fresh {@link SQLException}. The message names
 * tables and columns, never a value or the SQL text (which may hold plaintext literals).
 */
final class Refusal extends RuntimeException {

    /** SQLState for "feature not supported": the statement is valid SQL that secret-jdbc cannot run safely. */
    static final String SQL_STATE = "0A000";

    /** False when the cause may go away (a failed metadata lookup): such a plan is not cached. */
    private final boolean cacheable;

    Refusal(String message) {
        this(message, true);
    }

    Refusal(String message, boolean cacheable) {
        super(message, null, false, false);
        this.cacheable = cacheable;
    }

    boolean isCacheable() {
        return cacheable;
    }

    SQLException toException() {
        return new SQLFeatureNotSupportedException(getMessage(), SQL_STATE);
    }

    private static final String RANDOM_IV = "its values are encrypted with a random IV, so ";

    static Refusal compared(Object column, String operator, String clause) {
        return new Refusal("secret column " + column + " cannot be compared with '" + operator + "' in " + clause
                + ": " + RANDOM_IV + "equal plaintexts never compare equal. Filter on a non-secret column instead.");
    }

    static Refusal condition(Object column, String clause) {
        return new Refusal("secret column " + column + " cannot be used as a condition in " + clause
                + ": the database only holds its ciphertext. Filter on a non-secret column, or use IS NULL / IS NOT NULL.");
    }

    static Refusal ordered(Object column, String clause) {
        return new Refusal("secret column " + column + " cannot be used in " + clause + ": " + RANDOM_IV
                + "their order and equality mean nothing. Use a non-secret column in " + clause
                + ", or sort and group after reading.");
    }

    static Refusal distinct(Object column) {
        return new Refusal("secret column " + column + " cannot be used with DISTINCT: " + RANDOM_IV
                + "equal plaintexts are never duplicates. Remove DISTINCT, or deduplicate after reading.");
    }

    static Refusal computed(Object column, String construct, String clause) {
        return new Refusal("secret column " + column + " cannot be used in " + construct + " in " + clause
                + ": the database only holds its ciphertext, so the result would be meaningless. Read the value"
                + " and compute in the application (COUNT, IS NULL and IS NOT NULL are allowed).");
    }

    static Refusal assigned(Object column, String what, String clause) {
        return new Refusal("secret column " + column + " cannot be assigned " + what + " in " + clause
                + ": only a parameter, a string literal, NULL or another secret column can be written to it"
                + " encrypted. Compute the value in the application and bind it as a parameter.");
    }

    static Refusal copiedFromPlain(Object column, String source, String clause) {
        return new Refusal("secret column " + column + " cannot be filled from " + source + " in " + clause
                + ": the value would be stored unencrypted. Read the rows and write them with parameters.");
    }

    static Refusal unparsable(String table) {
        return new Refusal("the statement names secret table " + table + " and could not be analysed, so it is"
                + " refused rather than risk sending plaintext. Rewrite it in a form the SQL parser"
                + " understands (standard INSERT/UPDATE/DELETE/SELECT), with parameters for secret values.");
    }

    /**
     * @param why the construct that makes the text ambiguous ({@link SqlText#ambiguity()}): fixed text
     *            of the lexer, never a token of the statement
     */
    static Refusal ambiguous(String table, Dialect dialect, String why) {
        return new Refusal("the statement names secret table " + table + " and holds " + why + ", so the SQL parser"
                + " and the database (" + dialect.displayName() + ") could read it differently; it is refused rather"
                + " than risk sending plaintext. Bind values as parameters (?), write strings in single quotes"
                + " without backslashes, comments as /* ... */ or '-- ' with a space, and names unquoted or in"
                + " the database's own quotes.");
    }

    static Refusal unsupported(String what, String table) {
        return new Refusal("the statement names secret table " + table + " but " + what
                + " is not supported on secret tables, so it is refused rather than risk sending plaintext."
                + " Use INSERT, UPDATE, DELETE or SELECT instead.");
    }
}
