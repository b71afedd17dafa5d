package io.secretjdbc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 10's search cases on a million-row table, shared by {@link SearchBenchmark} (SQLite) and
 * {@link PgBlindIndexBenchmark} (PostgreSQL), which only say where the table is. RAW is the raw driver with
 * the application doing by hand what the driver does: the blind index with {@link JavaxBlindIndex}, the
 * ciphertext with {@link JavaxGcm}; SECRET is secret-jdbc with {@code secret.search=<table>.email:email_bidx}
 * and the statement the application writes.
 *
 * <ul>
 * <li>{@link #lookup}: one row by e-mail, its id and decrypted e-mail; RAW asks {@code WHERE email_bidx = ?}
 *     with the index it computed, SECRET asks {@code WHERE email = ?}.</li>
 * <li>{@link #insertIndexed}: one new row, ciphertext and index; RAW binds both, SECRET binds the e-mail.
 *     Autocommit off, a commit every 1,000 rows.</li>
 * </ul>
 * Each side checks at set-up that a lookup finds the right row and reads the plaintext back, and at tear-down
 * ({@link #checkWritten}) that the last row written holds the ciphertext and index of its e-mail.
 */
@State(Scope.Thread)
public abstract class SearchCases {

    @Param
    Side side;

    Connection reader;
    Connection writer;
    private PreparedStatement lookup;
    private PreparedStatement insert;
    private JavaxGcm gcm;
    private JavaxBlindIndex index;
    final SplittableRandom random = new SplittableRandom(42);
    private long nextId;
    private int uncommitted;

    /** Prepares both cases on {@code table}: reads through {@code reader}, writes through {@code writer}. */
    void prepare(Connection reader, Connection writer, String table, String domain) throws SQLException {
        this.reader = reader;
        this.writer = writer;
        gcm = new JavaxGcm(BenchDatabase.KEY);
        index = new JavaxBlindIndex(BenchDatabase.KEY, domain);
        lookup = reader.prepareStatement(side == Side.RAW
                ? "SELECT id, email FROM " + table + " WHERE email_bidx = ?"
                : "SELECT id, email FROM " + table + " WHERE email = ?");
        long probe = SearchDatabase.ROWS / 3;
        if (!SearchDatabase.email(probe).equals(find(probe))) {
            throw new IllegalStateException(side + " did not find row " + probe + " by its e-mail");
        }
        writer.setAutoCommit(false);
        insert = writer.prepareStatement(side == Side.RAW
                ? "INSERT INTO " + table + " (id, email, email_bidx) VALUES (?, ?, ?)"
                : "INSERT INTO " + table + " (id, email) VALUES (?, ?)");
        nextId = SearchDatabase.ROWS + 1;
    }

    /** Commits, then checks through {@code raw} that the last row written has its e-mail's index and ciphertext. */
    void checkWritten(Connection raw, String table) throws SQLException {
        writer.commit();
        long last = nextId - 1;
        if (last == SearchDatabase.ROWS) {
            return; // the lookup cases wrote nothing
        }
        try (PreparedStatement ps = raw.prepareStatement("SELECT email, email_bidx FROM " + table + " WHERE id = ?")) {
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
