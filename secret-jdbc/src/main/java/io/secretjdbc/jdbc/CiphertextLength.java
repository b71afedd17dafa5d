package io.secretjdbc.jdbc;

import io.secretjdbc.sql.Plan;

import java.sql.BatchUpdateException;
import java.sql.DataTruncation;
import java.sql.SQLDataException;
import java.sql.SQLException;

/**
 * How long a secret value is once encrypted, and the error a user gets when that does not fit its
 * column. A stored value is Base64 of {@code IV (12) || ciphertext (plaintext bytes) || tag (16)}, so
 * it takes {@value #FORMULA} characters. A database that refuses a too-long value (PostgreSQL
 * {@code VARCHAR(n)}, MariaDB strict mode, H2) says so with SQLState {@code 22001}, in terms of the
 * ciphertext the application never saw; this class turns that into a message that says how long the
 * column must be. It never holds or prints a value: only lengths.
 *
 * <p>One instance per statement tracks the longest secret value bound since the last successful
 * execution, and the longest one queued in the current batch.
 */
public final class CiphertextLength {

    /** The length of a stored secret value, in characters, for a plaintext of {@code utf8Bytes} bytes. */
    public static final String FORMULA = "4 * ceil((12 + utf8Bytes + 16) / 3)";

    /** SQLState of "string data, right truncation". */
    static final String TRUNCATION = "22001";

    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private int longestBound;
    private int longestBatched;

    /** Characters of the stored form of {@code plaintext}; 0 for NULL and the empty string, which are stored as is. */
    public static int of(String plaintext) {
        return plaintext == null || plaintext.isEmpty() ? 0 : ofUtf8Bytes(utf8Length(plaintext));
    }

    /** Characters of the stored form of a plaintext of {@code utf8Bytes} UTF-8 bytes (at least one). */
    public static int ofUtf8Bytes(long utf8Bytes) {
        long raw = IV_BYTES + utf8Bytes + TAG_BYTES;
        long chars = 4 * ((raw + 2) / 3);
        return chars > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) chars;
    }

    /** UTF-8 length without encoding: a surrogate pair is 4 bytes, as Java's encoder writes it. */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A secret value was bound (before encryption). */
    void bound(String plaintext) {
        longestBound = Math.max(longestBound, of(plaintext));
    }

    /** A secret value of raw bytes was bound (before encryption); 0 bytes is stored as "". */
    void boundBytes(int plaintextBytes) {
        longestBound = Math.max(longestBound, plaintextBytes == 0 ? 0 : ofUtf8Bytes(plaintextBytes));
    }

    /** The bound values were queued with {@code addBatch()}. */
    void batched() {
        longestBatched = Math.max(longestBatched, longestBound);
    }

    /** A plain statement's SQL was queued with {@code addBatch(String)}: its secret literals count. */
    void batched(Plan plan) {
        longestBatched = Math.max(longestBatched, literals(plan));
    }

    /** A single execution succeeded: what was bound fits, later failures come from values bound after. */
    int executed(int result) {
        longestBound = 0;
        return result;
    }

    long executed(long result) {
        longestBound = 0;
        return result;
    }

    boolean executed(boolean result) {
        longestBound = 0;
        return result;
    }

    /** The batch ran (or failed) or was cleared: nothing is queued any more. */
    void batchDone() {
        longestBound = 0;
        longestBatched = 0;
    }

    /**
     * The error to throw for {@code e}, thrown by the delegate while running {@code plan} (may be
     * null): {@code e} itself unless it is a data truncation on a statement that wrote secret values.
     */
    SQLException explain(SQLException e, Plan plan) {
        if (!isTruncation(e)) {
            return e;
        }
        int longest = Math.max(Math.max(longestBound, longestBatched), literals(plan));
        return longest == 0 ? e : explain(e, longest);
    }

    /** The longest ciphertext of the plan's secret string literals, measured without encrypting anything. */
    private static int literals(Plan plan) {
        if (plan == null || plan.isPassThrough() || !plan.hasSecretLiterals()) {
            return 0;
        }
        int[] longest = {0};
        plan.render(literal -> {
            longest[0] = Math.max(longest[0], of(literal));
            return literal;
        });
        return longest[0];
    }

    /**
     * True for SQLState 22001 ("string data, right truncation") anywhere in the exception's chain. The
     * SQLState decides, not the exception's class: MariaDB reports "Truncated incorrect DOUBLE value"
     * (a comparison of a string with a number, SQLState 22007) as a {@link DataTruncation} too, and that
     * has nothing to do with the length of a secret value.
     */
    public static boolean isTruncation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if (TRUNCATION.equals(sql.getSQLState())) {
                    return true;
                }
                SQLException next = sql.getNextException();
                if (next != null && next != sql && TRUNCATION.equals(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An exception like {@code e} (same SQLState, vendor code and, for batches, update counts; {@code e}
     * as its cause) whose message says that a secret column needs {@code ciphertextChars} characters.
     */
    public static SQLException explain(SQLException e, int ciphertextChars) {
        String state = e.getSQLState() != null ? e.getSQLState() : TRUNCATION;
        String message = "A value is too long for its column (SQLState " + TRUNCATION + ") in a statement that writes "
                + "secret values. Secret values are stored encrypted, and the longest one in this statement needs "
                + ciphertextChars + " characters once encrypted: make the secret column at least VARCHAR("
                + ciphertextChars + "), or TEXT. A secret value of utf8Bytes UTF-8 bytes is stored in " + FORMULA
                + " characters (Base64 of a 12-byte IV, the ciphertext and a 16-byte tag). The database's own error "
                + "is the cause.";
        SQLException explained;
        if (e instanceof BatchUpdateException) {
            BatchUpdateException batch = (BatchUpdateException) e;
            explained = new BatchUpdateException(message, state, e.getErrorCode(), batch.getLargeUpdateCounts(), e);
        } else if (e instanceof SQLDataException) {
            explained = new SQLDataException(message, state, e.getErrorCode(), e);
        } else {
            explained = new SQLException(message, state, e.getErrorCode(), e);
        }
        return explained;
    }
}
