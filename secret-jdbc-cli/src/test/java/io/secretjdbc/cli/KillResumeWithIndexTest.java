package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code migrate} with a declared blind index, in a real child process killed (SIGKILL) part-way and run
 * again, on SQLite and PostgreSQL: afterwards every row is there once, every password decrypts in one
 * decryption to its original (encrypted exactly once), and every index is the reference index
 * ({@link BlindIndexReference}) of it. A tenth of the rows were encrypted before the index was declared, so
 * the walk also fills indexes of rows it does not re-encrypt. PostgreSQL skips without the test server
 * locally and fails with CI=true ({@link TestDatabases}).
 */
class KillResumeWithIndexTest {

    static final int ROWS = 30_000;
    static final String SEARCH = "creds.password:password_bidx/trim";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL"})
    void migrateWithAnIndexKilledPartWayThenResumedLeavesEveryRowEncryptedOnceAndIndexed(Backend backend)
            throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliKillResumeIndex", dir);
        ReferenceCodec codec = TestDb.reference(TestDb.KEY);
        ServerBlindIndexTest.seed(database, ROWS, codec);
        List<String> common = ServerBlindIndexTest.common(database, dir, SEARCH);
        String indexed = "SELECT COUNT(*) FROM creds WHERE password_bidx IS NOT NULL";

        // small batches so that the kill lands mid-way, once at least one batch is committed
        Process migrating = ChildCli.start(dir, PostgresKillResumeTest.args("migrate", common, "--key", TestDb.KEY,
                "--batch-size", "20", "--no-progress"));
        PostgresKillResumeTest.waitUntil(migrating, database, indexed);
        ChildCli.kill(migrating);
        long filled = PostgresKillResumeTest.settled(database, indexed);
        int withValue = ROWS - ROWS / 50;
        assertThat(filled).as("migrate killed part-way").isGreaterThan(0).isLessThan(withValue);

        Cli.Result resumed = Cli.run(PostgresKillResumeTest.args("migrate", common, "--key", TestDb.KEY,
                "--batch-size", "2000", "--no-progress"));
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        // what the resumed run still had to index is exactly what the killed one had not committed
        assertThat(resumed.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+" + (withValue - filled)
                + "\\s+" + filled + "\\s");

        int seen = 0;
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password, password_bidx FROM creds ORDER BY id")) {
            while (r.next()) {
                seen++;
                int id = r.getInt(1);
                assertThat(id).as("no row lost, doubled or reordered").isEqualTo(seen);
                if (id % 50 == 0) {
                    assertThat(r.getString(2)).isNull();
                    assertThat(r.getString(3)).isNull();
                } else {
                    assertThat(codec.decrypt(r.getString(2))).as("row %d decrypts once to its original", id)
                            .isEqualTo(" pw-" + id + " ");
                    assertThat(r.getString(3)).as("index of row %d", id)
                            .isEqualTo(BlindIndexReference.index(TestDb.KEY, "creds.password", "pw-" + id));
                }
            }
        }
        assertThat(seen).isEqualTo(ROWS);

        Cli.Result scan = Cli.run(PostgresKillResumeTest.args("scan", common, "--key", TestDb.KEY, "--json"));
        assertThat(scan.exit()).as(scan.all()).isZero();
        BlindIndexCommandsTest.assertIndexCounts(scan.out(), withValue, 0, 0, 0, 0);
    }
}
