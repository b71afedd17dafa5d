package io.secretjdbc.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Case 6: a HikariCP pool of 4 connections used by 4 threads, each operation borrowing a connection,
 * preparing, executing and returning it (autocommit on): half point SELECTs, a quarter INSERTs and a
 * quarter UPDATEs of the secret column. SQLite allows one writer at a time and its busy handler
 * sleeps a millisecond or more on contention, which would measure the sleep; writes therefore take a
 * Java lock first, the way SQLite applications serialise their writers. Both sides alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
public class PoolBenchmark {

    static final int ROWS = 10_000;

    @Param
    Side side;

    private BenchDatabase db;
    private HikariDataSource pool;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong nextId = new AtomicLong(ROWS);

    /** Per benchmark thread: its own random ids and its own javax.crypto Cipher. */
    @State(Scope.Thread)
    public static class Worker {
        final SplittableRandom random = new SplittableRandom();
        final JavaxGcm gcm = new JavaxGcm(BenchDatabase.KEY);
    }

    @Setup(Level.Trial)
    public void open() throws SQLException {
        db = BenchDatabase.create();
        db.fillSecrets(ROWS);
        db.checkRoundTrip(side, 1);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + side);
        config.setJdbcUrl(db.url(side));
        config.setDataSourceProperties(BenchDatabase.properties(side));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            BenchDatabase.checkDelegateSettings(c);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
        db.close();
    }

    @Benchmark
    public Object mixed(Worker w) throws SQLException {
        int kind = w.random.nextInt(4);
        if (kind < 2) {
            return select(w);
        }
        writeLock.lock();
        try {
            return kind == 2 ? insert(w) : update(w);
        } finally {
            writeLock.unlock();
        }
    }

    private String select(Worker w) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret FROM bench_secrets WHERE id = ?")) {
            ps.setLong(1, 1 + w.random.nextInt(ROWS));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String read = rs.getString(1);
                return side == Side.RAW ? w.gcm.decrypt(read) : read;
            }
        }
    }

    private Integer insert(Worker w) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_secrets (id, name, secret) VALUES (?, ?, ?)")) {
            ps.setLong(1, nextId.incrementAndGet());
            ps.setString(2, BenchDatabase.NAME);
            ps.setString(3, secretToWrite(w));
            return ps.executeUpdate();
        }
    }

    private Integer update(Worker w) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE bench_secrets SET secret = ? WHERE id = ?")) {
            ps.setString(1, secretToWrite(w));
            ps.setLong(2, 1 + w.random.nextInt(ROWS));
            return ps.executeUpdate();
        }
    }

    private String secretToWrite(Worker w) {
        return side == Side.RAW ? w.gcm.encrypt(BenchDatabase.SECRET_VALUE) : BenchDatabase.SECRET_VALUE;
    }
}
