package io.secretjdbc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.secretjdbc.crypto.BlindIndexer;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.Keyring;
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
 * Beside {@link SearchBenchmark}: what a blind index lookup is compared with and what it is made of.
 * {@link #plainLookup} is the same lookup on the indexed plaintext column of the same million-row table
 * through sqlite-jdbc (no crypto at all); {@link #hmacProduct} and {@link #hmacJavax} are the cost of one
 * index value (a 24-character e-mail): the driver's {@code BlindIndexer} and the hand-written javax.crypto one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchCostBenchmark {

    private Connection connection;
    private PreparedStatement lookup;
    private BlindIndexer indexer;
    private JavaxBlindIndex javax;
    private final SplittableRandom random = new SplittableRandom(42);
    private final String[] emails = new String[1024];
    private int next;

    @Setup(Level.Trial)
    public void open() throws SQLException, KeyException {
        connection = SearchDatabase.open(Side.RAW, SearchDatabase.file());
        lookup = connection.prepareStatement("SELECT id, plain_email FROM bench_users WHERE plain_email = ?");
        indexer = BlindIndexer.of(Keyring.fromBase64(BenchDatabase.KEY), SearchDatabase.DOMAIN, List.of());
        javax = new JavaxBlindIndex(BenchDatabase.KEY, SearchDatabase.DOMAIN);
        for (int i = 0; i < emails.length; i++) {
            emails[i] = SearchDatabase.email(1 + random.nextInt(SearchDatabase.ROWS));
        }
        if (!javax.index(emails[0]).equals(indexer.index(emails[0]))) {
            throw new IllegalStateException("the driver's index and the javax.crypto one differ");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
    }

    /** The lookup on an indexed plaintext column: the floor a blind index lookup is measured against. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String plainLookup() throws SQLException {
        lookup.setString(1, SearchDatabase.email(1 + random.nextInt(SearchDatabase.ROWS)));
        try (ResultSet rs = lookup.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("plain lookup found no row");
            }
            return rs.getString(2);
        }
    }

    @Benchmark
    public String hmacProduct() {
        return indexer.index(emails[next++ & 1023]);
    }

    @Benchmark
    public String hmacJavax() {
        return javax.index(emails[next++ & 1023]);
    }
}
