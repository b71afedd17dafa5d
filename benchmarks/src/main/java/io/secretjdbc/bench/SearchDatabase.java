package io.secretjdbc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The search benchmarks' SQLite file: {@code bench_users} with {@link #ROWS} rows, each an encrypted
 * e-mail, its blind index (unique index) and the same e-mail in plaintext in {@code plain_email}
 * (plain index), for the lookup on an indexed plaintext column beside. Written once, raw, with
 * {@link JavaxGcm} and {@link JavaxBlindIndex}, and kept in the temporary folder between forks
 * (a million rows take a while); the write case works on a copy.
 */
final class SearchDatabase {

    static final int ROWS = 1_000_000;
    static final String DOMAIN = "bench_users.email";
    static final String FLOWS = "classpath:flows/bench_users.yml";
    static final String SEARCH = "bench_users.email:email_bidx";

    private static final Path CACHED = Path.of(System.getProperty("java.io.tmpdir"),
            "secret-jdbc-bench-search-v1-" + ROWS + ".db");

    private SearchDatabase() {
    }

    static String email(long id) {
        return "user-" + id + "@example.com";
    }

    static String url(Side side, Path file) {
        return (side == Side.SECRET ? "jdbc:secret:sqlite:" : "jdbc:sqlite:") + file;
    }

    /** The delegate settings of both sides (BenchDatabase's), the secret side with the flow and the index. */
    static Properties properties(Side side) {
        Properties p = BenchDatabase.properties(Side.RAW);
        if (side == Side.SECRET) {
            p.setProperty("secret.key", BenchDatabase.KEY);
            p.setProperty("secret.flows", FLOWS);
            p.setProperty("secret.search", SEARCH);
        }
        return p;
    }

    static Connection open(Side side, Path file) throws SQLException {
        Connection c = DriverManager.getConnection(url(side, file), properties(side));
        BenchDatabase.checkDelegateSettings(c);
        return c;
    }

    /** The cached file with every row, built on first use. */
    static synchronized Path file() throws SQLException {
        if (Files.exists(CACHED)) {
            return CACHED;
        }
        try {
            Path building = Files.createTempFile(CACHED.getParent(), "secret-jdbc-bench-search", ".db");
            Files.delete(building);
            build(building);
            Files.move(building, CACHED, StandardCopyOption.ATOMIC_MOVE);
            return CACHED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the cached file in a new folder, for a case that writes. */
    static Path copy() throws SQLException {
        try {
            Path folder = Files.createTempDirectory("secret-jdbc-bench-search");
            Path target = folder.resolve("bench.db");
            try (Connection c = open(Side.RAW, file()); Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            Files.copy(file(), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path file) throws SQLException {
        JavaxGcm gcm = new JavaxGcm(BenchDatabase.KEY);
        JavaxBlindIndex index = new JavaxBlindIndex(BenchDatabase.KEY, DOMAIN);
        try (Connection c = open(Side.RAW, file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_users (id INTEGER PRIMARY KEY, email TEXT, email_bidx VARCHAR(24), plain_email TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO bench_users (id, email, email_bidx, plain_email) VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= ROWS; id++) {
                    String email = email(id);
                    ps.setLong(1, id);
                    ps.setString(2, gcm.encrypt(email));
                    ps.setString(3, index.index(email));
                    ps.setString(4, email);
                    ps.addBatch();
                    if (id % 10_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            s.execute("CREATE UNIQUE INDEX bench_users_email_bidx ON bench_users (email_bidx)");
            s.execute("CREATE INDEX bench_users_plain_email ON bench_users (plain_email)");
            c.commit();
            c.setAutoCommit(true);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
