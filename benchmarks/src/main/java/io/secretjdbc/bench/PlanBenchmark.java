package io.secretjdbc.bench;

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
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Case 5: prepareStatement + close of a SQL string on a secret table, never seen before (plan miss:
 * the IN list's literal changes every call) or the same string again (plan hit). The raw side
 * prepares the same strings in SQLite; secret-jdbc's own cost is the difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

    private static final String SAME_SQL = "SELECT id, name, secret FROM bench_secrets WHERE id IN (7, ?)";
    private static final String MISS_SQL_START = "SELECT id, name, secret FROM bench_secrets WHERE id IN (";

    @Param
    Side side;

    private BenchDatabase db;
    private Connection connection;
    private long literal;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        db = BenchDatabase.create();
        connection = db.open(side);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        db.close();
    }

    /** JSqlParser's generated methods are large and slow to JIT: a longer warmup reaches steady state. */
    @Benchmark
    @Warmup(iterations = 5, time = 3)
    public boolean planMiss() throws SQLException {
        String sql = MISS_SQL_START + (++literal) + ", ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            return ps.isClosed();
        }
    }

    @Benchmark
    public boolean planHit() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SAME_SQL)) {
            return ps.isClosed();
        }
    }
}
