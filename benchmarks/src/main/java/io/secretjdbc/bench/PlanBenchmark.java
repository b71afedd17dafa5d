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
 * Case 5: prepareStatement + close of a SQL string on a secret table: never seen before but of a known
 * shape ({@link #planMiss}: only the IN list's integer literal changes, which the planner's shape cache
 * plans without parsing), never seen before and of a new shape ({@link #planMissNewShape}: the secret
 * column's alias changes every call, so every call parses), or the same string again ({@link #planHit}).
 * The raw side prepares the same strings in SQLite; secret-jdbc's own cost is the difference.
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
    private static final String NEW_SHAPE_SQL_START = "SELECT id, name, secret AS s_";
    private static final String NEW_SHAPE_SQL_END = " FROM bench_secrets WHERE id IN (7, ?)";
    private static final String PARSED_SQL_END = " FROM bench_secrets WHERE id IN (7, ?) AND LOWER(name) <> ?";

    @Param
    Side side;

    private BenchDatabase db;
    private Connection connection;
    private long literal;
    private long alias;

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
        return prepareAndClose(sql);
    }

    /**
     * An alias of letters only (a digit could be read as part of a number), new on every call: the text
     * differs from every earlier one outside its literals, so neither the plan cache nor the shape cache
     * knows it, and both evict a tenth of their entries every ~100 calls once full, as under an
     * application that builds SQL with changing identifiers.
     */
    @Benchmark
    @Warmup(iterations = 5, time = 3)
    public boolean planMissNewShape() throws SQLException {
        String sql = NEW_SHAPE_SQL_START + letters(++alias) + NEW_SHAPE_SQL_END;
        return prepareAndClose(sql);
    }

    /** {@link #planMissNewShape} with a function call, which the driver leaves to JSqlParser's parse. */
    @Benchmark
    @Warmup(iterations = 5, time = 3)
    public boolean planMissNewShapeParsed() throws SQLException {
        String sql = NEW_SHAPE_SQL_START + letters(++alias) + PARSED_SQL_END;
        return prepareAndClose(sql);
    }

    @Benchmark
    public boolean planHit() throws SQLException {
        return prepareAndClose(SAME_SQL);
    }

    private boolean prepareAndClose(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            return ps.isClosed();
        }
    }

    /** n written in base 26 with the letters a-z. */
    static String letters(long n) {
        StringBuilder s = new StringBuilder(14);
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }
}
