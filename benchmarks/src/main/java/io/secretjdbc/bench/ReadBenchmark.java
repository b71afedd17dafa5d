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
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cases 3 and 4 on a table of {@link #ROWS} encrypted values written once per trial with javax.crypto;
 * both sides check first that they read the plaintext back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBenchmark {

    static final int ROWS = 100_000;

    @Param
    Side side;

    private BenchDatabase db;
    private Connection connection;
    private PreparedStatement pointSelect;
    private JavaxGcm gcm;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws SQLException {
        db = BenchDatabase.create();
        db.fillSecrets(ROWS);
        db.checkRoundTrip(side, ROWS / 2);
        connection = db.open(side);
        pointSelect = connection.prepareStatement("SELECT secret FROM bench_secrets WHERE id = ?");
        gcm = new JavaxGcm(BenchDatabase.KEY);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        db.close();
    }

    /** Case 3: every row, id and decrypted secret; one operation is the whole scan. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int scan(Blackhole bh) throws SQLException {
        int rows = 0;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, secret FROM bench_secrets")) {
            while (rs.next()) {
                bh.consume(rs.getLong(1));
                bh.consume(plaintext(rs.getString(2)));
                rows++;
            }
        }
        if (rows != ROWS) {
            throw new IllegalStateException("scan read " + rows + " rows");
        }
        return rows;
    }

    /** Case 4: one row by primary key, one secret column. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String pointSelect() throws SQLException {
        pointSelect.setLong(1, 1 + random.nextInt(ROWS));
        try (ResultSet rs = pointSelect.executeQuery()) {
            rs.next();
            return plaintext(rs.getString(1));
        }
    }

    private String plaintext(String read) {
        return side == Side.RAW ? gcm.decrypt(read) : read;
    }
}
