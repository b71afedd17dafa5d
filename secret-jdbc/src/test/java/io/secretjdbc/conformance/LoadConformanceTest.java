package io.secretjdbc.conformance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 8 threads × 2,000 mixed operations (insert, update, select, batch insert) through a HikariCP pool on
 * each backend. Every select sees exactly what its thread wrote; at the end every row read through
 * secret-jdbc equals what was written, and a raw scan of the secret columns finds no plaintext marker
 * and only values that plain javax.crypto opens. SQLite runs in WAL mode with a busy timeout and a
 * pool of two (one writer at a time anyway).
 */
class LoadConformanceTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS = 2_000;
    private static final String MARKER = "LOADMARK";

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eightThreadsOfMixedOperationsThroughAPool(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        HikariConfig config = PoolConformanceTest.withJdbcUrl(db.db);
        config.setPoolName("load-" + backend);
        if (backend == Backend.SQLITE) {
            config.setMaximumPoolSize(2);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("synchronous", "NORMAL");
        } else {
            config.setMaximumPoolSize(THREADS);
        }
        config.setConnectionTimeout(60_000);

        Map<Integer, List<String>> written = new HashMap<>();
        long started = System.nanoTime();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Map<Integer, List<String>>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(threads.submit(() -> new Worker(pool, thread).run()));
                }
                for (Future<Map<Integer, List<String>>> result : results) {
                    written.putAll(result.get());
                }
            } finally {
                threads.shutdownNow();
            }
            System.err.printf("LOAD [%s] %d threads x %d operations in %d ms%n", backend, THREADS, OPERATIONS,
                    (System.nanoTime() - started) / 1_000_000);

            Map<Integer, List<String>> read = new HashMap<>();
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT id, secret, secret_output, api_token FROM secret_runs");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read.put(rs.getInt(1), Arrays.asList(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            assertThat(read).isEqualTo(written);
        }

        int scanned = 0;
        for (List<String> row : db.rawRows("SELECT secret, secret_output, api_token FROM secret_runs")) {
            for (String stored : row) {
                if (stored != null) {
                    assertThat(stored).doesNotContain(MARKER);
                    assertThat(ConformanceDb.decrypt(stored)).startsWith(MARKER);
                    scanned++;
                }
            }
        }
        assertThat(scanned).isGreaterThan(THREADS * OPERATIONS / 2);
    }

    /** One thread's operations on its own id range; returns the rows it left behind. */
    private static final class Worker {
        private final HikariDataSource pool;
        private final int thread;
        private final Random random;
        private final Map<Integer, List<String>> rows = new HashMap<>();
        private final List<Integer> ids = new ArrayList<>();
        private int nextId;

        Worker(HikariDataSource pool, int thread) {
            this.pool = pool;
            this.thread = thread;
            this.random = new Random(thread);
            this.nextId = thread * 1_000_000;
        }

        Map<Integer, List<String>> run() throws SQLException {
            for (int i = 0; i < OPERATIONS; i++) {
                int kind = ids.isEmpty() ? 0 : random.nextInt(10);
                if (kind < 3) {
                    insert(1);
                } else if (kind < 5) {
                    update();
                } else if (kind < 9) {
                    select();
                } else {
                    insert(5);
                }
            }
            return rows;
        }

        private String value(int id) {
            String base = MARKER + "-" + thread + "-" + id + "-" + random.nextInt(1_000_000);
            switch (random.nextInt(4)) {
                case 0: return base + " " + ConformanceDb.UNICODE;
                case 1: return base + "x".repeat(random.nextInt(500));
                default: return base;
            }
        }

        private void insert(int count) throws SQLException {
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO secret_runs (id, username, secret, secret_output, api_token) VALUES (?, ?, ?, ?, ?)")) {
                List<Integer> added = new ArrayList<>();
                for (int n = 0; n < count; n++) {
                    int id = nextId++;
                    List<String> row = Arrays.asList(value(id), value(id), random.nextInt(5) == 0 ? null : value(id));
                    ps.setInt(1, id);
                    ps.setString(2, "user-" + thread);
                    ps.setString(3, row.get(0));
                    ps.setString(4, row.get(1));
                    ps.setString(5, row.get(2));
                    rows.put(id, row);
                    added.add(id);
                    if (count > 1) {
                        ps.addBatch();
                    }
                }
                if (count > 1) {
                    assertThat(ps.executeBatch()).hasSize(count);
                } else {
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                ids.addAll(added);
            }
        }

        private void update() throws SQLException {
            int id = ids.get(random.nextInt(ids.size()));
            String secret = value(id);
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE secret_runs SET secret = ? WHERE id = ?")) {
                ps.setString(1, secret);
                ps.setInt(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            rows.get(id).set(0, secret);
        }

        private void select() throws SQLException {
            int id = ids.get(random.nextInt(ids.size()));
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT r.secret, r.secret_output, r.api_token AS token FROM secret_runs r WHERE r.id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(Arrays.asList(rs.getString(1), rs.getString("secret_output"), rs.getString("token")))
                            .isEqualTo(rows.get(id));
                }
            }
        }
    }
}
