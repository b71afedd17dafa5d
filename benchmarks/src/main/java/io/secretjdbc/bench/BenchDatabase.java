package io.secretjdbc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One SQLite file in WAL mode in its own temporary folder, reached raw or through secret-jdbc with the
 * same delegate settings. Table {@code bench_secrets} is declared by the flow file
 * {@code flows/bench_secrets.yml} (column {@code secret} is SECRET); {@code bench_plain} is in no flow.
 */
final class BenchDatabase implements AutoCloseable {

    /** SPEC §3's check-value key; a benchmark key, never a real one. */
    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String FLOWS = "classpath:flows/bench_secrets.yml";

    /** The secret value of every case: 32 bytes of UTF-8. */
    static final String SECRET_VALUE = "s3cr3t-token-0123456789abcdefXYZ";
    static final String NAME = "benchmark-user";
    static final String NOTE = "a plain note of about forty characters..";

    /** Inserts commit every this many rows on both sides, so fsync does not drown the measurement. */
    static final int COMMIT_EVERY = 1_000;

    private static final String SECRET_DDL =
            "CREATE TABLE bench_secrets (id INTEGER PRIMARY KEY, name TEXT, secret TEXT)";
    private static final String PLAIN_DDL =
            "CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, name TEXT, note TEXT)";

    static {
        if (SECRET_VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != 32) {
            throw new ExceptionInInitializerError("SECRET_VALUE must be 32 bytes");
        }
    }

    private final Path folder;
    private final Path file;

    private BenchDatabase(Path folder) {
        this.folder = folder;
        this.file = folder.resolve("bench.db");
    }

    /** A new file with both tables, in WAL mode. */
    static BenchDatabase create() throws SQLException {
        BenchDatabase db;
        try {
            db = new BenchDatabase(Files.createTempDirectory("secret-jdbc-bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = db.open(Side.RAW); Statement s = c.createStatement()) {
            s.execute(SECRET_DDL);
            s.execute(PLAIN_DDL);
        }
        return db;
    }

    String url(Side side) {
        return (side == Side.SECRET ? "jdbc:secret:sqlite:" : "jdbc:sqlite:") + file;
    }

    /** Delegate settings are the same on both sides; the secret side adds its own two. */
    static Properties properties(Side side) {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        if (side == Side.SECRET) {
            p.setProperty("secret.key", KEY);
            p.setProperty("secret.flows", FLOWS);
        }
        return p;
    }

    Connection open(Side side) throws SQLException {
        Connection c = DriverManager.getConnection(url(side), properties(side));
        checkDelegateSettings(c);
        return c;
    }

    /** Fails fast if a side lost the delegate settings: the comparison would not be like for like. */
    static void checkDelegateSettings(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new IllegalStateException("journal_mode is not WAL on " + c.getClass().getName());
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new IllegalStateException("synchronous is not NORMAL on " + c.getClass().getName());
                }
            }
        }
    }

    /** Fills bench_secrets with {@code rows} encrypted values, raw, in one transaction. */
    void fillSecrets(int rows) throws SQLException {
        JavaxGcm gcm = new JavaxGcm(KEY);
        try (Connection c = open(Side.RAW);
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_secrets (id, name, secret) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int id = 1; id <= rows; id++) {
                ps.setLong(1, id);
                ps.setString(2, NAME);
                ps.setString(3, gcm.encrypt(SECRET_VALUE));
                ps.addBatch();
                if (id % COMMIT_EVERY == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** Reads row {@code id}'s secret through {@code side} and fails unless it is SECRET_VALUE. */
    void checkRoundTrip(Side side, long id) throws SQLException {
        try (Connection c = open(side);
             PreparedStatement ps = c.prepareStatement("SELECT secret FROM bench_secrets WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                String read = rs.next() ? rs.getString(1) : null;
                if (side == Side.RAW && read != null) {
                    read = new JavaxGcm(KEY).decrypt(read);
                }
                if (!SECRET_VALUE.equals(read)) {
                    throw new IllegalStateException(side + " did not read back the secret value of row " + id);
                }
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
