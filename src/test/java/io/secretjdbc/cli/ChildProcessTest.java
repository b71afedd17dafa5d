package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.secretjdbc.crypto.KestraCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a real process: exit codes, and migrate killed with SIGKILL part-way then resumed. */
class ChildProcessTest {

    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile())
                .redirectError(dir.resolve("err-" + System.nanoTime() + ".txt").toFile());
        builder.environment().remove("KESTRA_ENCRYPTION_SECRET_KEY");
        builder.environment().remove("KESTRA_CONFIGURATION");
        builder.environment().remove("SECRET_JDBC_CONFIG");
        return builder.start();
    }

    private record Done(int exit, String out) {
    }

    private Done runToEnd(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("KESTRA_ENCRYPTION_SECRET_KEY");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Done(process.exitValue(), out);
    }

    @Test
    void exitCodesOfARealProcess() throws Exception {
        Done keygen = runToEnd("keygen");
        assertThat(keygen.exit()).isZero();
        assertThat(Base64.getDecoder().decode(keygen.out().strip())).hasSize(32);
        assertThat(runToEnd("check-key").exit()).isEqualTo(1);
        assertThat(runToEnd("migrate", "--no-such-option").exit()).isEqualTo(2);
        assertThat(runToEnd("--help").exit()).isZero();
    }

    @Test
    void migrateKilledPartWayThenRunAgainEncryptsEveryValueExactlyOnce() throws Exception {
        Path db = dir.resolve("kill.db");
        int rows = 100_000;
        TestDb.plaintextRows(db, rows);
        String flows = TestDb.flow(dir).toString();
        String[] migrate = {"migrate", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", flows, "--batch-size", "20"};

        Process first = start(migrate);
        long encrypted = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (encrypted == 0 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(25);
            encrypted = countEncrypted(db);
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, a transaction possibly in flight
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long afterKill = countEncrypted(db);
        assertThat(afterKill).as("killed part-way").isGreaterThan(0).isLessThan(rows);

        Done second = runToEnd(migrate);
        assertThat(second.exit()).isZero();

        KestraCodec codec = TestDb.codec(TestDb.KEY);
        Map<Integer, String[]> stored = TestDb.stored(db);
        assertThat(stored).hasSize(rows);
        for (Map.Entry<Integer, String[]> row : stored.entrySet()) {
            // one decryption gives the original: encrypted exactly once, never twice, never skipped
            assertThat(codec.decrypt(row.getValue()[0])).isEqualTo("pw-" + row.getKey());
            assertThat(codec.decrypt(row.getValue()[1])).isEqualTo("tk-" + row.getKey());
        }
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

    static String classpath() {
        return System.getProperty("java.class.path").replace(File.pathSeparatorChar, '\n');
    }
}
