package io.secretjdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

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
 * {@link SearchCases} (S1 lookup, S2 indexed insert) on {@link SearchDatabase#ROWS} rows of SQLite:
 * sqlite-jdbc against {@code jdbc:secret:sqlite:}. The write case works on a copy of the cached file
 * (unique index on the index column).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchBenchmark extends SearchCases {

    private Path copy;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        Connection reading = SearchDatabase.open(side, SearchDatabase.file());
        copy = SearchDatabase.copy();
        prepare(reading, SearchDatabase.open(side, copy), "bench_users", SearchDatabase.DOMAIN);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try (Connection raw = SearchDatabase.open(Side.RAW, copy)) {
            checkWritten(raw, "bench_users");
        }
        writer.close();
        reader.close();
        Files.walk(copy.getParent()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
