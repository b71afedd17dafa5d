package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #5's proof on PostgreSQL: 100,000 plaintext rows, {@code migrate} in a real child process
 * killed (SIGKILL) part-way then run again, {@code rotate} likewise, {@code scan} before and after.
 * Every value must then decrypt to its original in one decryption: encrypted exactly once, none left
 * plaintext. Skipped without the test server (fails with CI=true), as {@link TestDatabases} does.
 */
class PostgresKillResumeTest {

    static final int ROWS = 100_000;

    @TempDir
    Path dir;

    @Test
    void migrateAndRotateKilledPartWayThenResumedOnPostgres() throws Exception {
        TestDatabase database = TestDatabases.fresh(Backend.POSTGRESQL, "CliKillResume", dir);
        seed(database);
        List<String> common = new ArrayList<>(List.of("--url", database.url(), "--flows", TestDb.flow(dir).toString()));
        if (database.user() != null) {
            common.addAll(List.of("-p", "user=" + database.user(), "-p", "password=" + database.password()));
        }
        String oldKey = TestDb.OLD_KEY;
        String newKey = KeygenCommand.newKey();

        Cli.Result before = Cli.run(args("scan", common, "--key", oldKey, "--json"));
        assertThat(before.exit()).as(before.all()).isEqualTo(1);
        assertColumn(before.out(), "password", 0, 0, ROWS, 0, 0);
        assertColumn(before.out(), "token", 0, 0, ROWS - ROWS / 5, 0, ROWS / 5);

        // migrate, killed once it has committed something, with small batches so that it is mid-way
        Process migrating = ChildCli.start(dir, args("migrate", common, "--key", oldKey, "--batch-size", "50"));
        waitUntil(migrating, database, "SELECT COUNT(*) FROM creds WHERE password NOT LIKE 'pw-%'");
        ChildCli.kill(migrating);
        long encrypted = settled(database, "SELECT COUNT(*) FROM creds WHERE password NOT LIKE 'pw-%'");
        assertThat(encrypted).as("migrate killed part-way").isGreaterThan(0).isLessThan(ROWS);
        Cli.Result mid = Cli.run(args("scan", common, "--key", oldKey, "--json"));
        // scan sees the committed batches, nothing half-done
        assertColumn(mid.out(), "password", encrypted, 0, ROWS - encrypted, 0, 0);

        Cli.Result resumed = Cli.run(args("migrate", common, "--key", oldKey, "--batch-size", "2000", "--no-progress"));
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(resumed.out()).containsPattern("creds\\s+password\\s+" + (ROWS - encrypted) + "\\s+" + encrypted + "\\s");
        assertEveryValueIsTheOriginalUnder(database, TestDb.reference(oldKey));

        // rotate, killed likewise; rows it rewrote differ from the snapshot taken before
        execute(database, "CREATE TABLE before_rotate AS SELECT id, password FROM creds");
        String changed = "SELECT COUNT(*) FROM creds c JOIN before_rotate b ON b.id = c.id WHERE c.password <> b.password";
        Process rotating = ChildCli.start(dir, args("rotate", common, "--key", newKey, "--previous-keys", oldKey,
                "--batch-size", "50"));
        waitUntil(rotating, database, changed);
        ChildCli.kill(rotating);
        long rotated = settled(database, changed);
        assertThat(rotated).as("rotate killed part-way").isGreaterThan(0).isLessThan(ROWS);
        Cli.Result midRotation = Cli.run(args("scan", common, "--key", newKey, "--previous-keys", oldKey, "--json"));
        assertThat(midRotation.exit()).as(midRotation.all()).isZero();
        assertColumn(midRotation.out(), "password", rotated, ROWS - rotated, 0, 0, 0);

        Cli.Result rotatedAll = Cli.run(args("rotate", common, "--key", newKey, "--previous-keys", oldKey,
                "--batch-size", "2000", "--no-progress"));
        assertThat(rotatedAll.exit()).as(rotatedAll.all()).isZero();
        assertThat(rotatedAll.out()).containsPattern("creds\\s+password\\s+" + (ROWS - rotated) + "\\s+" + rotated + "\\s");

        // after: the new key alone opens everything, and scan says so
        Cli.Result after = Cli.run(args("scan", common, "--key", newKey, "--json"));
        assertThat(after.exit()).as(after.all()).isZero();
        assertColumn(after.out(), "password", ROWS, 0, 0, 0, 0);
        assertColumn(after.out(), "token", ROWS - ROWS / 5, 0, 0, 0, ROWS / 5);
        assertEveryValueIsTheOriginalUnder(database, TestDb.reference(newKey));
    }

    /**
     * Server-side in one statement (seconds, not minutes): password {@code pw-<id>} (non-ASCII on
     * every 7th row), token {@code tk-<id>}, NULL on every 10th row and empty on every 10th + 5.
     */
    static void seed(TestDatabase database) throws Exception {
        seed(database, ROWS);
    }

    static void seed(TestDatabase database, int rows) throws Exception {
        execute(database,
                "CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(50), password VARCHAR(400), token VARCHAR(400))",
                "INSERT INTO creds SELECT i, 'user-' || i,"
                        + " 'pw-' || i || CASE WHEN i % 7 = 0 THEN '-pässwörd-密码' ELSE '' END,"
                        + " CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 5 THEN '' ELSE 'tk-' || i END"
                        + " FROM generate_series(1, " + rows + ") AS i");
    }

    private static String password(int id) {
        return "pw-" + id + (id % 7 == 0 ? "-pässwörd-密码" : "");
    }

    private static String token(int id) {
        return id % 10 == 0 ? null : id % 10 == 5 ? "" : "tk-" + id;
    }

    /** One decryption with this key alone gives the original: encrypted once, not twice, not skipped. */
    static void assertEveryValueIsTheOriginalUnder(TestDatabase database, ReferenceCodec onlyKey) throws Exception {
        assertEveryValueIsTheOriginalUnder(database, onlyKey, ROWS);
    }

    static void assertEveryValueIsTheOriginalUnder(TestDatabase database, ReferenceCodec onlyKey, int rows) throws Exception {
        int seen = 0;
        try (Connection c = database.connectRaw()) {
            c.setAutoCommit(false); // so that the PostgreSQL driver honours the fetch size
            try (Statement s = c.createStatement()) {
                s.setFetchSize(5_000);
                try (ResultSet r = s.executeQuery("SELECT id, password, token FROM creds ORDER BY id")) {
                    while (r.next()) {
                        int id = r.getInt(1);
                        seen++;
                        assertThat(onlyKey.decrypt(r.getString(2))).as("password of row %d", id).isEqualTo(password(id));
                        assertThat(onlyKey.decrypt(r.getString(3))).as("token of row %d", id).isEqualTo(token(id));
                    }
                }
            }
            c.commit();
        }
        assertThat(seen).isEqualTo(rows);
    }

    /** Polls until the query counts at least one row or the child ends (it must not finish first). */
    static void waitUntil(Process child, TestDatabase database, String countQuery) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (child.isAlive() && System.nanoTime() < deadline && count(database, countQuery) == 0) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the child is still running when killed").isTrue();
    }

    /**
     * The count once the server has finished with the killed child's connection: a COMMIT it sent just
     * before dying may still be in progress, so read until two reads a moment apart agree.
     */
    static long settled(TestDatabase database, String countQuery) throws Exception {
        long previous = -1;
        long current = count(database, countQuery);
        while (current != previous) {
            Thread.sleep(300);
            previous = current;
            current = count(database, countQuery);
        }
        return current;
    }

    /** The counts {@code scan --json} gives for {@code creds.<column>}, read as JSON. */
    static void assertColumn(String scanJson, String column, long primary, long previous, long plaintext,
                                     long unreadable, long nullOrEmpty) {
        assertThat(JsonOutput.column(scanJson, "creds", column)).as("creds." + column).containsAllEntriesOf(Map.of(
                "primary", primary, "previous", previous, "plaintext", plaintext, "unreadable", unreadable,
                "nullOrEmpty", nullOrEmpty));
    }

    static long count(TestDatabase database, String sql) throws Exception {
        try (Connection c = database.connectRaw(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void execute(TestDatabase database, String... sql) throws Exception {
        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static String[] args(String command, List<String> common, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
