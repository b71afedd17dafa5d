package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For dialect forms SPEC §6 does not promise (MERGE, casts on parameters, VALUES() in ON DUPLICATE
 * KEY UPDATE): the statement either works, with the value stored as ciphertext (the caller checks),
 * or is refused safely: an SQLException and nothing sent to the database. A refusal is printed as a
 * "PLANNER GAP" line so the gaps stay visible in the build output. Plaintext reaching the database
 * fails the test either way.
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
            List<String> sent = RecordingDriver.seen().stream()
                    .filter(s -> s.startsWith("execute") || s.startsWith("addBatch"))
                    .collect(Collectors.toList());
            assertThat(sent).as("SQL executed although refused: " + sql).isEmpty();
            assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext sent by " + sql).isEmpty();
            assertThat(refused.getMessage()).as("refusal message").doesNotContain(marker);
            System.err.println("PLANNER GAP [" + backend + "] " + sql + " -> refused: " + refused.getMessage());
            return false;
        } catch (Throwable other) {
            throw new AssertionError(sql + " failed with " + other, other);
        }
    }
}
