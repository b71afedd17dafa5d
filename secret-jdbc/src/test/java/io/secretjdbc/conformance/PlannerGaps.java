package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For dialect forms reference §6 does not promise (MERGE, casts on parameters, VALUES() in ON DUPLICATE
 * KEY UPDATE): the statement either works, with the value stored as ciphertext (the caller checks),
 * or is refused safely: the planner's own refusal, and no SQL sent to the database (not even a
 * {@code prepareStatement}). A refusal is printed as a "PLANNER GAP" line so the gaps stay visible in
 * the build output. Plaintext reaching the database fails the test either way, and so does any other
 * SQLException (a syntax error from the database is not a safe refusal: the SQL was sent).
 */
final class PlannerGaps {

    private PlannerGaps() {
    }

    /** Runs {@code statement}; returns true when it worked, false when it was refused without sending anything. */
    static boolean worksOrIsSafelyRefused(Backend backend, String sql, String marker, ThrowingCallable statement) {
        RecordingDriver.clear();
        try {
            statement.call();
            assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext sent by " + sql).isEmpty();
            return true;
        } catch (SQLException refused) {
            assertThat(isPlannerRefusal(refused)).as("a refusal by the planner, not " + refused).isTrue();
            List<String> sent = RecordingDriver.sqlSent();
            assertThat(sent).as("SQL executed although refused: " + sql).isEmpty();
            assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext sent by " + sql).isEmpty();
            assertThat(refused.getMessage()).as("refusal message").doesNotContain(marker);
            System.err.println("PLANNER GAP [" + backend + "] " + sql + " -> refused: " + refused.getMessage());
            return false;
        } catch (Throwable other) {
            throw new AssertionError(sql + " failed with " + other, other);
        }
    }

    /**
     * The planner's refusal: an SQLFeatureNotSupportedException with SQLState 0A000 made by
     * {@code io.secretjdbc.sql.Refusal}. The type and state alone are not enough (pgjdbc and others throw
     * the same for their own unsupported methods), so the frame that made it is checked too; the
     * driver has no SQLState or exception type of its own for refusals.
     */
    static boolean isPlannerRefusal(SQLException e) {
        if (e.getClass() != SQLFeatureNotSupportedException.class || !"0A000".equals(e.getSQLState())) {
            return false;
        }
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().equals("io.secretjdbc.sql.Refusal");
    }
}
