package io.secretjdbc.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestClusters.Cluster;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers that keep inserting secret rows into {@code credentials} through a pool while a test breaks
 * the cluster under them. Each thread writes its own ids; a row counts as committed only when its
 * auto-commit {@code executeUpdate} returned. A row whose statement failed may or may not exist (the
 * commit can have happened before the connection broke), so tests check committed ⊆ stored and that
 * every stored row holds its own value ({@link #value}). Also the pieces both cluster tests set up the
 * same way: the table, secret-jdbc connections and pools over a multi-host URL, and the oracle
 * ({@link #scanNode}).
 */
final class ClusterLoad {

    private final DataSource pool;
    private final String marker;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Integer> committed = ConcurrentHashMap.newKeySet();
    private final AtomicLong sqlErrors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorMessages = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Throwable> others = new ConcurrentLinkedQueue<>();
    private final AtomicIntegerArray afterMark;
    private final AtomicBoolean counting = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();

    ClusterLoad(DataSource pool, int threadCount, String marker) {
        this.pool = pool;
        this.marker = marker;
        this.afterMark = new AtomicIntegerArray(threadCount);
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            threads.add(new Thread(() -> write(thread), "cluster-writer-" + t));
        }
    }

    /** secret-jdbc over a cluster URL, with the cluster's credentials and the conformance key and flows. */
    static Connection connect(Cluster cluster, String url) throws SQLException {
        Properties p = cluster.credentials();
        p.putAll(ConformanceDb.settings());
        return DriverManager.getConnection(url, p);
    }

    /** The HikariCP pool an application would configure over a cluster URL; short timeouts fail a dead node fast. */
    static HikariDataSource pool(Cluster cluster, String url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.addDataSourceProperty("secret.key", ConformanceDb.KEY);
        config.addDataSourceProperty("secret.flows", ConformanceDb.FLOWS);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        return new HikariDataSource(config);
    }

    /** The {@code credentials} table of the shared flow, {@code password} of the given text type. */
    static void createTable(Connection raw, String textType) throws SQLException {
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE credentials (id INTEGER PRIMARY KEY, name VARCHAR(100), password " + textType
                    + ", note VARCHAR(200))");
        }
    }

    /** The secret every row of id {@code id} holds: the marker makes a plaintext sighting detectable. */
    static String value(String marker, int id) {
        return marker + "-" + id;
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void write(int thread) {
        int next = thread * 1_000_000;
        while (!stop.get()) {
            int id = next++;
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, "load");
                ps.setString(3, value(marker, id));
                if (ps.executeUpdate() == 1) {
                    committed.add(id);
                    if (counting.get()) {
                        afterMark.incrementAndGet(thread);
                    }
                }
            } catch (SQLException e) {
                sqlErrors.incrementAndGet();
                if (errorMessages.size() < 200) {
                    errorMessages.add(e.getClass().getSimpleName() + " [" + e.getSQLState() + "] " + e.getMessage());
                }
                pause(50);
            } catch (Throwable e) { // the property under test: anything but an SQLException is a failure
                others.add(e);
                return;
            }
        }
    }

    /** Waits until at least {@code rows} rows were committed in all. */
    void awaitCommitted(int rows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed.size() < rows && System.nanoTime() < deadline && others.isEmpty()) {
            pause(20);
        }
        assertThat(committed.size()).as("rows committed by the writers (errors: %s)", errorMessages).isGreaterThanOrEqualTo(rows);
    }

    /** From now on, count each thread's commits, for {@link #awaitEveryThreadCommitsAgain}. */
    void mark() {
        counting.set(true);
    }

    /** Waits until every thread committed {@code rows} rows since {@link #mark()}: the application went on. */
    void awaitEveryThreadCommitsAgain(int rows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && others.isEmpty() && !everyThreadReached(rows)) {
            pause(50);
        }
        for (int t = 0; t < afterMark.length(); t++) {
            assertThat(afterMark.get(t)).as("rows writer %d committed after the switch (non-SQL failures: %s, last errors: %s)",
                    t, others, lastErrors()).isGreaterThanOrEqualTo(rows);
        }
    }

    private boolean everyThreadReached(int rows) {
        for (int t = 0; t < afterMark.length(); t++) {
            if (afterMark.get(t) < rows) {
                return false;
            }
        }
        return true;
    }

    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
            assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
        }
    }

    Set<Integer> committed() {
        return new TreeSet<>(committed);
    }

    long sqlErrors() {
        return sqlErrors.get();
    }

    List<String> errorMessages() {
        return List.copyOf(errorMessages);
    }

    List<Throwable> others() {
        return List.copyOf(others);
    }

    private List<String> lastErrors() {
        List<String> all = List.copyOf(errorMessages);
        return all.subList(Math.max(0, all.size() - 3), all.size());
    }

    /**
     * The oracle, on one node through the raw driver: every stored row of {@code credentials}, its
     * password opened with plain javax.crypto ({@code KestraReference}) to the value of its id, and the
     * marker in no column of any row. Returns id to stored ciphertext, in id order.
     */
    static Map<Integer, String> scanNode(Connection raw, String marker) throws Exception {
        Map<Integer, String> stored = new TreeMap<>();
        String wanted = marker.toLowerCase(Locale.ROOT);
        try (Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, password, note FROM credentials ORDER BY id")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                for (int column = 2; column <= 4; column++) {
                    String text = rs.getString(column);
                    assertThat(text == null ? "" : text.toLowerCase(Locale.ROOT)).as("row %d column %d", id, column)
                            .doesNotContain(wanted);
                }
                String password = rs.getString(3);
                assertThat(KestraReference.open(ConformanceDb.KEY, password)).as("row %d", id).isEqualTo(value(marker, id));
                stored.put(id, password);
            }
        }
        return stored;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
