package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.secretjdbc.testing.ReferenceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a real process: exit codes, and migrate killed with SIGKILL part-way then resumed. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void exitCodesOfARealProcess() throws Exception {
        ChildCli.Done keygen = ChildCli.runToEnd("keygen");
        assertThat(keygen.exit()).isZero();
        assertThat(Base64.getDecoder().decode(keygen.out().strip())).hasSize(32);
        assertThat(ChildCli.runToEnd("check-key").exit()).isEqualTo(1);
        assertThat(ChildCli.runToEnd("migrate", "--no-such-option").exit()).isEqualTo(2);
        assertThat(ChildCli.runToEnd("--help").exit()).isZero();
    }

    @Test
    void migrateKilledPartWayThenRunAgainEncryptsEveryValueExactlyOnce() throws Exception {
        Path db = dir.resolve("kill.db");
        int rows = 100_000;
        TestDb.plaintextRows(db, rows);
        String flows = TestDb.flow(dir).toString();
        String[] migrate = {"migrate", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", flows, "--batch-size", "20"};

        Process first = ChildCli.start(dir, migrate);
        long encrypted = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (encrypted == 0 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(25);
            encrypted = countEncrypted(db);
        }
        ChildCli.kill(first);
        long afterKill = countEncrypted(db);
        assertThat(afterKill).as("killed part-way").isGreaterThan(0).isLessThan(rows);

        // resumed with bigger batches: the walk does not depend on the batch size
        ChildCli.Done second = ChildCli.runToEnd(withBatchSize(migrate, "2000"));
        assertThat(second.exit()).isZero();

        ReferenceCodec codec = TestDb.reference(TestDb.KEY);
        Map<Integer, String[]> stored = TestDb.stored(db);
        assertThat(stored).hasSize(rows);
        for (Map.Entry<Integer, String[]> row : stored.entrySet()) {
            // one decryption gives the original: encrypted exactly once, never twice, never skipped
            assertThat(codec.decrypt(row.getValue()[0])).isEqualTo("pw-" + row.getKey());
            assertThat(codec.decrypt(row.getValue()[1])).isEqualTo("tk-" + row.getKey());
        }
    }

    @Test
    void rotateKilledPartWayThenRunAgainLeavesEveryValueUnderTheNewKey() throws Exception {
        Path db = dir.resolve("rotate.db");
        int rows = 100_000;
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
        ReferenceCodec old = TestDb.reference(TestDb.OLD_KEY);
        try (Connection c = TestDb.raw(db)) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    insert.setString(3, old.encrypt("pw-" + i));
                    insert.setString(4, old.encrypt("tk-" + i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        String newKey = KeygenCommand.newKey();
        ReferenceCodec onlyNew = TestDb.reference(newKey);
        String[] rotate = {"rotate", "--url", TestDb.url(db), "--key", newKey, "--previous-keys", TestDb.OLD_KEY,
                "--flows", TestDb.flow(dir).toString(), "--batch-size", "20"};

        Process first = ChildCli.start(dir, rotate);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (first.isAlive() && System.nanoTime() < deadline && countUnder(db, onlyNew, 5_000) == 0) {
            Thread.sleep(25);
        }
        ChildCli.kill(first);
        long afterKill = countUnder(db, onlyNew, rows);
        assertThat(afterKill).as("killed part-way").isGreaterThan(0).isLessThan(rows);

        ChildCli.Done second = ChildCli.runToEnd(withBatchSize(rotate, "2000"));
        assertThat(second.exit()).isZero();
        TestDb.stored(db).forEach((id, values) -> {
            try {
                assertThat(onlyNew.decrypt(values[0])).isEqualTo("pw-" + id);
                assertThat(onlyNew.decrypt(values[1])).isEqualTo("tk-" + id);
            } catch (Exception e) {
                throw new AssertionError("row " + id + " is not under the new key", e);
            }
        });
    }

    private static String[] withBatchSize(String[] args, String size) {
        String[] copy = args.clone();
        copy[copy.length - 1] = size; // "--batch-size", N come last
        return copy;
    }

    /** How many of the first {@code limit} passwords the new key opens. */
    private static long countUnder(Path db, ReferenceCodec codec, int limit) throws Exception {
        long n = 0;
        try (Connection c = TestDb.raw(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            try (ResultSet r = s.executeQuery("SELECT password FROM creds ORDER BY id LIMIT " + limit)) {
                while (r.next()) {
                    if (codec.classify(r.getString(1)) == io.secretjdbc.crypto.ValueState.PRIMARY) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static long countEncrypted(Path db) throws Exception {
        try (Connection c = TestDb.raw(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM creds WHERE password NOT LIKE 'pw-%'")) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
