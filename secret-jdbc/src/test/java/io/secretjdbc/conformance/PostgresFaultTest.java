package io.secretjdbc.conformance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.secretjdbc.conformance.ConformanceDb.assertCiphertextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults on a real PostgreSQL server under a HikariCP pool of secret-jdbc connections: a backend
 * killed mid-transaction ({@code pg_terminate_backend}), every pooled backend killed while the pool is
 * idle, and the server itself restarted while the pool is idle.
 *
 * <p>The restart uses the same {@code pg_ctl} and data folder as {@code scripts/test-servers.sh}
 * (as the {@code postgres} OS user when run as root). It runs in CI ({@code CI=true}) and when
 * {@code SECRET_JDBC_TEST_PG_RESTART=true}; elsewhere it is skipped, because on a developer's machine
 * other test runs may share the server. Killing every pooled backend is the same fault seen from the
 * pool's side, and always runs.
 */
class PostgresFaultTest {

    private static final String PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl";

    private ConformanceDb db;

    @BeforeEach
    void setUp() throws SQLException {
        db = ConformanceDb.withEmptyFlowTables(Backend.POSTGRESQL, getClass(), null);
    }

    private HikariDataSource pool(String name) {
        HikariConfig config = PoolConformanceTest.withJdbcUrl(db.db);
        config.setPoolName("fault-" + name);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(3);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    @Test
    void backendTerminatedMidTransactionRollsBackAndThePoolGoesOn() throws Exception {
        String marker = "PLAIN-" + UUID.randomUUID();
        try (HikariDataSource pool = pool("terminate")) {
            Connection victim = pool.getConnection();
            victim.setAutoCommit(false);
            WriteReadConformanceTest.insertCredential(victim, 1, "half", marker + "-1");
            int pid = backendPid(victim);
            try (Connection raw = db.raw(); Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            assertThatThrownBy(() -> {
                WriteReadConformanceTest.insertCredential(victim, 2, "half", marker + "-2");
                victim.commit();
            }).isInstanceOf(SQLException.class);
            try {
                victim.rollback();
            } catch (SQLException connectionIsGone) {
                // expected: the backend is gone; the server rolled the transaction back when it ended
            }
            victim.close();

            assertThat(db.count("credentials")).as("rows left by the killed transaction").isZero();
            assertPoolServes(pool, 10, 100, marker);
        }
    }

    @Test
    void everyPooledBackendTerminatedWhileIdleThePoolRecovers() throws Exception {
        String marker = "PLAIN-" + UUID.randomUUID();
        try (HikariDataSource pool = pool("terminate-all")) {
            assertPoolServes(pool, 3, 100, marker);
            waitForIdle(pool);
            int terminated = terminateAllOtherBackends();
            assertThat(terminated).isGreaterThanOrEqualTo(3);
            idleLongerThanHikarisAliveBypassWindow();
            assertPoolServes(pool, 10, 200, marker);
        }
    }

    @Test
    void serverRestartedWhileThePoolIsIdleThePoolRecovers() throws Exception {
        boolean allowed = TestDatabases.isCi() || "true".equalsIgnoreCase(System.getenv("SECRET_JDBC_TEST_PG_RESTART"));
        Assumptions.assumeTrue(allowed, "SKIPPED: restarting the shared PostgreSQL test server runs only with CI=true "
                + "or SECRET_JDBC_TEST_PG_RESTART=true");
        Path data = serversDir().resolve("postgresql/data");
        assertThat(new File(PG_CTL).canExecute()).as("pg_ctl of scripts/test-servers.sh is executable").isTrue();
        assertThat(data.resolve("PG_VERSION")).as("PostgreSQL data folder of scripts/test-servers.sh").exists();

        String marker = "PLAIN-" + UUID.randomUUID();
        try (HikariDataSource pool = pool("restart")) {
            assertPoolServes(pool, 3, 100, marker);
            waitForIdle(pool);
            restartPostgres(data);
            idleLongerThanHikarisAliveBypassWindow();
            assertPoolServes(pool, 10, 200, marker);
        }
    }

    // ------------------------------------------------------------------------------ helpers

    /** {@code count} inserts and reads through the pool, each on a borrowed connection, all without error. */
    private void assertPoolServes(HikariDataSource pool, int count, int firstId, String marker) throws Exception {
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            try (Connection c = pool.getConnection()) {
                WriteReadConformanceTest.insertCredential(c, id, "after", marker + "-" + id);
                try (PreparedStatement ps = c.prepareStatement("SELECT password FROM credentials WHERE id = ?")) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo(marker + "-" + id);
                    }
                }
            }
        }
        List<String> stored = db.stored("credentials", "password");
        assertCiphertextOf(stored.get(stored.size() - 1), marker + "-" + (firstId + count - 1));
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private int terminateAllOtherBackends() throws SQLException {
        try (Connection raw = db.raw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    /** Until the pool holds its 3 connections (Hikari fills it in the background), all idle. */
    private static void waitForIdle(HikariDataSource pool) throws InterruptedException {
        for (int i = 0; i < 400 && pool.getHikariPoolMXBean().getIdleConnections() < 3; i++) {
            Thread.sleep(50);
        }
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isEqualTo(3);
    }

    /** HikariCP skips its liveness check for a connection used in the last 500 ms; let the pool be truly idle. */
    private static void idleLongerThanHikarisAliveBypassWindow() throws InterruptedException {
        Thread.sleep(1_000);
    }

    private static Path serversDir() {
        String configured = System.getenv("SECRET_JDBC_SERVERS_DIR");
        return Path.of(configured == null || configured.isBlank() ? "/tmp/secret-jdbc-servers" : configured);
    }

    /** pg_ctl restart as scripts/test-servers.sh runs it: as the postgres OS user when we are root. */
    private static void restartPostgres(Path data) throws Exception {
        Path log = data.getParent().resolve("postgresql.log");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(PG_CTL, "-D", data.toString(), "-l", log.toString(), "-m", "fast", "-w", "-t", "60",
                "restart"));
        Path output = Files.createTempFile("pg-restart", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("pg_ctl restart finished").isTrue();
        assertThat(process.exitValue()).as("pg_ctl restart: " + Files.readString(output)).isZero();
        Files.deleteIfExists(output);
    }
}
