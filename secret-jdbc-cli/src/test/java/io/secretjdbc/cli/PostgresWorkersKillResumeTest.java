package io.secretjdbc.cli;

import static io.secretjdbc.cli.PostgresKillResumeTest.args;
import static io.secretjdbc.cli.PostgresKillResumeTest.assertEveryValueIsTheOriginalUnder;
import static io.secretjdbc.cli.PostgresKillResumeTest.assertColumn;
import static io.secretjdbc.cli.PostgresKillResumeTest.count;
import static io.secretjdbc.cli.PostgresKillResumeTest.execute;
import static io.secretjdbc.cli.PostgresKillResumeTest.seed;
import static io.secretjdbc.cli.PostgresKillResumeTest.settled;
import static io.secretjdbc.cli.PostgresKillResumeTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's proof: {@code migrate --workers 4} and {@code rotate --workers 4} in a real child JVM
 * killed with SIGKILL while four connections each had ranges in flight, then run again (with four
 * workers): every value decrypts to its original in one decryption under the one key expected
 * (independent javax.crypto oracle), so none was encrypted twice, none left plaintext, none lost.
 * The seed and the checks are {@link PostgresKillResumeTest}'s, on 24,000 rows.
 */
class PostgresWorkersKillResumeTest {

    private static final int ROWS = 24_000;

    /** The rows of one of the 16 ranges (4 workers x 4) of the keys 1..ROWS. */
    private static final int RANGE = ROWS / (4 * WorkOptions.RANGES_PER_WORKER);

    @TempDir
    Path dir;

    @Test
    void fourWorkersKilledPartWayThenResumedEncryptAndRotateEveryValueExactlyOnce() throws Exception {
        TestDatabase database = TestDatabases.fresh(Backend.POSTGRESQL, "CliWorkersKill", dir);
        seed(database, ROWS);
        List<String> common = new ArrayList<>(List.of("--url", database.url(), "--flows", TestDb.flow(dir).toString()));
        if (database.user() != null) {
            common.addAll(List.of("-p", "user=" + database.user(), "-p", "password=" + database.password()));
        }
        String oldKey = TestDb.OLD_KEY;
        String newKey = KeygenCommand.newKey();

        String encryptedRows = "FROM creds WHERE password NOT LIKE 'pw-%'";
        Process migrating = ChildCli.start(dir, args("migrate", common, "--key", oldKey, "--batch-size", "50",
                "--workers", "4"));
        long encrypted = killPartWay(migrating, database, encryptedRows, "id");

        Cli.Result mid = Cli.run(args("scan", common, "--key", oldKey, "--json", "--workers", "4"));
        // scan sees the committed batches, nothing half-done
        assertColumn(mid.out(), "password", encrypted, 0, ROWS - encrypted, 0, 0);
        Cli.Result resumed = Cli.run(args("migrate", common, "--key", oldKey, "--batch-size", "2000", "--no-progress",
                "--workers", "4"));
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(resumed.out()).containsPattern("creds\\s+password\\s+" + (ROWS - encrypted) + "\\s+" + encrypted + "\\s");
        assertEveryValueIsTheOriginalUnder(database, TestDb.reference(oldKey), ROWS);

        execute(database, "CREATE TABLE before_rotate AS SELECT id, password FROM creds");
        String rotatedRows = "FROM creds c JOIN before_rotate b ON b.id = c.id WHERE c.password <> b.password";
        Process rotating = ChildCli.start(dir, args("rotate", common, "--key", newKey, "--previous-keys", oldKey,
                "--batch-size", "50", "--workers", "4"));
        long rotated = killPartWay(rotating, database, rotatedRows, "c.id");

        Cli.Result rotatedAll = Cli.run(args("rotate", common, "--key", newKey, "--previous-keys", oldKey,
                "--batch-size", "2000", "--no-progress", "--workers", "4"));
        assertThat(rotatedAll.exit()).as(rotatedAll.all()).isZero();
        assertThat(rotatedAll.out()).containsPattern("creds\\s+password\\s+" + (ROWS - rotated) + "\\s+" + rotated + "\\s");

        Cli.Result after = Cli.run(args("scan", common, "--key", newKey, "--json", "--workers", "4"));
        assertThat(after.exit()).as(after.all()).isZero();
        assertColumn(after.out(), "password", ROWS, 0, 0, 0, 0);
        assertColumn(after.out(), "token", ROWS - ROWS / 5, 0, 0, 0, ROWS / 5);
        assertEveryValueIsTheOriginalUnder(database, TestDb.reference(newKey), ROWS);
    }

    /**
     * SIGKILLs the child once 400 rows are done, and checks it was part-way with several ranges in
     * flight (done rows in more than one of the 16 ranges); returns the rows done.
     *
     * @param doneRows {@code FROM ... WHERE ...} selecting the rows the child has rewritten
     */
    private static long killPartWay(Process child, TestDatabase database, String doneRows, String id) throws Exception {
        waitUntil(child, database, "SELECT CASE WHEN COUNT(*) >= 400 THEN 1 ELSE 0 END " + doneRows);
        ChildCli.kill(child);
        long done = settled(database, "SELECT COUNT(*) " + doneRows);
        assertThat(done).as("killed part-way").isGreaterThan(0).isLessThan(ROWS);
        assertThat(count(database, "SELECT COUNT(DISTINCT (" + id + " - 1) / " + RANGE + ") " + doneRows))
                .as("several ranges were being walked at once when killed").isGreaterThan(1);
        return done;
    }
}
