package io.secretjdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

/**
 * Issue 10's search cases on {@link SearchDatabase#ROWS} rows (SQLite). RAW is sqlite-jdbc with the
 * application doing by hand what the driver does: the blind index with {@link JavaxBlindIndex}, the
 * ciphertext with {@link JavaxGcm}; SECRET is {@code jdbc:secret:sqlite:} with
 * {@code secret.search=bench_users.email:email_bidx} and the statement the application writes.
 *
 * <ul>
 * <li>{@link #lookup}: one row by e-mail, its id and decrypted e-mail; RAW asks {@code WHERE email_bidx = ?}
 *     with the index it computed, SECRET asks {@code WHERE email = ?}.</li>
 * <li>{@link #insertIndexed}: one new row, ciphertext and index; RAW binds both, SECRET binds the e-mail.
 *     On a copy of the file (unique index on the index column), autocommit off, a commit every 1,000 rows.</li>
 * </ul>
 * Each side checks at set-up that a lookup finds the right row and reads the plaintext back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchBenchmark {

    @Param
    Side side;

    private Path copy;
    private Connection reader;
    private Connection writer;
    private PreparedStatement lookup;
    private PreparedStatement insert;
    private JavaxGcm gcm;
    private JavaxBlindIndex index;
    private final SplittableRandom random = new SplittableRandom(42);
    private long nextId;
    private int uncommitted;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        gcm = new JavaxGcm(BenchDatabase.KEY);
        index = new JavaxBlindIndex(BenchDatabase.KEY, SearchDatabase.DOMAIN);
        reader = SearchDatabase.open(side, SearchDatabase.file());
        lookup = reader.prepareStatement(side == Side.RAW
                ? "SELECT id, email FROM bench_users WHERE email_bidx = ?"
                : "SELECT id, email FROM bench_users WHERE email = ?");
        long probe = SearchDatabase.ROWS / 3;
        if (!SearchDatabase.email(probe).equals(find(probe))) {
            throw new IllegalStateException(side + " did not find row " + probe + " by its e-mail");
        }
        copy = SearchDatabase.copy();
        writer = SearchDatabase.open(side, copy);
        writer.setAutoCommit(false);
        insert = writer.prepareStatement(side == Side.RAW
                ? "INSERT INTO bench_users (id, email, email_bidx) VALUES (?, ?, ?)"
                : "INSERT INTO bench_users (id, email) VALUES (?, ?)");
        nextId = SearchDatabase.ROWS + 1;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        writer.commit();
        checkWritten();
        writer.close();
        reader.close();
        Files.walk(copy.getParent()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    /** The last row written has the index of its e-mail (computed here) and decrypts to it. */
    private void checkWritten() throws SQLException {
        long last = nextId - 1;
        if (last == SearchDatabase.ROWS) {
            return; // the lookup case wrote nothing
        }
        try (Connection raw = SearchDatabase.open(Side.RAW, copy);
             PreparedStatement ps = raw.prepareStatement("SELECT email, email_bidx FROM bench_users WHERE id = ?")) {
            ps.setLong(1, last);
            try (ResultSet rs = ps.executeQuery()) {
                String email = "new-" + last + "@example.com";
                if (!rs.next() || !email.equals(gcm.decrypt(rs.getString(1))) || !index.index(email).equals(rs.getString(2))) {
                    throw new IllegalStateException(side + " did not write row " + last + " with its ciphertext and index");
                }
            }
        }
    }

    /** The decrypted e-mail of the one row holding {@code email(id)}, or null. */
    private String find(long id) throws SQLException {
        String email = SearchDatabase.email(id);
        lookup.setString(1, side == Side.RAW ? index.index(email) : email);
        try (ResultSet rs = lookup.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != id) {
                return null;
            }
            return side == Side.RAW ? gcm.decrypt(rs.getString(2)) : rs.getString(2);
        }
    }

    /** An equality lookup through the blind index, one row of a million, the e-mail decrypted. */
    @Benchmark
    public String lookup() throws SQLException {
        return find(1 + random.nextInt(SearchDatabase.ROWS));
    }

    /** A write of one secret value with its index into the million-row table. */
    @Benchmark
    public int insertIndexed() throws SQLException {
        long id = nextId++;
        String email = "new-" + id + "@example.com";
        insert.setLong(1, id);
        if (side == Side.RAW) {
            insert.setString(2, gcm.encrypt(email));
            insert.setString(3, index.index(email));
        } else {
            insert.setString(2, email);
        }
        int count = insert.executeUpdate();
        if (++uncommitted == BenchDatabase.COMMIT_EVERY) {
            writer.commit();
            uncommitted = 0;
        }
        return count;
    }
}
