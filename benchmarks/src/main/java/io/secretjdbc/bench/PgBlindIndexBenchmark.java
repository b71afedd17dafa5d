package io.secretjdbc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SearchCases} on PostgreSQL: pgjdbc against {@code jdbc:secret:postgresql:}, on the million-row table
 * of {@link PgSearchDatabase} (loaded once, kept between forks). The write case adds rows above the million
 * in the same table and deletes them at tear-down (and at the next set-up), so the table stays as loaded.
 * Beside them, {@link #plainLookup}: the same lookup on the indexed plaintext column {@code plain_email}, no
 * crypto, through the side's driver (a pass-through statement on SECRET); {@code lookup} SECRET /
 * {@code plainLookup} RAW is the whole price of searching ciphertext on PostgreSQL. (The class name holds no
 * "SearchBenchmark", so that JMH's pattern {@code SearchBenchmark.lookup} still selects only SQLite's.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PgBlindIndexBenchmark extends SearchCases {

    private PreparedStatement plainLookup;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        PgSearchDatabase.ensureLoaded();
        prepare(PgSearchDatabase.open(side), PgSearchDatabase.open(side), PgSearchDatabase.TABLE, PgSearchDatabase.DOMAIN);
        plainLookup = reader.prepareStatement("SELECT id, plain_email FROM " + PgSearchDatabase.TABLE + " WHERE plain_email = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Connection raw = PgSearchDatabase.open(Side.RAW)) {
            checkWritten(raw, PgSearchDatabase.TABLE);
        } finally {
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("DELETE FROM " + PgSearchDatabase.TABLE + " WHERE id > " + SearchDatabase.ROWS);
                writer.commit();
            }
            writer.close();
            reader.close();
        }
    }

    /** The lookup on the indexed plaintext column: the floor a blind index lookup is measured against. */
    @Benchmark
    public String plainLookup() throws SQLException {
        plainLookup.setString(1, SearchDatabase.email(1 + random.nextInt(SearchDatabase.ROWS)));
        try (ResultSet rs = plainLookup.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("plain lookup found no row");
            }
            return rs.getString(2);
        }
    }
}
