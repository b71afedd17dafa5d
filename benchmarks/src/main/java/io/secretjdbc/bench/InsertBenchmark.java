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
 * Cases 1 and 2: one prepared INSERT per operation, statement prepared once, autocommit off and a
 * commit every {@link BenchDatabase#COMMIT_EVERY} rows on both sides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InsertBenchmark {

    @Param
    Side side;

    private BenchDatabase db;
    private Connection connection;
    private PreparedStatement plainInsert;
    private PreparedStatement secretInsert;
    private JavaxGcm gcm;
    private int uncommitted;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        db = BenchDatabase.create();
        connection = db.open(side);
        connection.setAutoCommit(false);
        plainInsert = connection.prepareStatement("INSERT INTO bench_plain (name, note) VALUES (?, ?)");
        secretInsert = connection.prepareStatement("INSERT INTO bench_secrets (name, secret) VALUES (?, ?)");
        gcm = new JavaxGcm(BenchDatabase.KEY);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.commit();
        connection.close();
        db.close();
    }

    /** Case 1: a table in no flow; secret-jdbc should only delegate. */
    @Benchmark
    public int insertPassThrough() throws SQLException {
        plainInsert.setString(1, BenchDatabase.NAME);
        plainInsert.setString(2, BenchDatabase.NOTE);
        int count = plainInsert.executeUpdate();
        commitEveryN();
        return count;
    }

    /** Case 2: one 32-byte secret value per row; the raw side encrypts it with javax.crypto. */
    @Benchmark
    public int insertSecret() throws SQLException {
        secretInsert.setString(1, BenchDatabase.NAME);
        secretInsert.setString(2, side == Side.RAW ? gcm.encrypt(BenchDatabase.SECRET_VALUE) : BenchDatabase.SECRET_VALUE);
        int count = secretInsert.executeUpdate();
        commitEveryN();
        return count;
    }

    private void commitEveryN() throws SQLException {
        if (++uncommitted == BenchDatabase.COMMIT_EVERY) {
            connection.commit();
            uncommitted = 0;
        }
    }
}
