package io.secretjdbc.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The PostgreSQL search benchmark's table {@code bench_search_pg} on the server the tests use
 * ({@code SECRET_JDBC_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}: system properties first, then the
 * environment, as the tests read them; {@code eval "$(scripts/test-servers.sh env)"} sets them). Same shape
 * as {@link SearchDatabase}'s SQLite table: {@link SearchDatabase#ROWS} rows of an encrypted e-mail, its
 * blind index (unique index) and the e-mail in plaintext in {@code plain_email} (plain index), written raw
 * with {@link JavaxGcm} and {@link JavaxBlindIndex} through COPY. Loaded once and kept on the server
 * between forks and runs: a fork that finds exactly the rows 1..ROWS with the probe row's index reuses it.
 */
final class PgSearchDatabase {

    static final String TABLE = "bench_search_pg";
    static final String DOMAIN = TABLE + ".email";
    static final String FLOWS = "classpath:flows/" + TABLE + ".yml";
    static final String SEARCH = TABLE + ".email:email_bidx";

    private PgSearchDatabase() {
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: eval \"$(scripts/test-servers.sh env)\" first");
        }
        return value;
    }

    static Connection open(Side side) throws SQLException {
        String url = setting("SECRET_JDBC_TEST_PG_URL");
        Properties p = new Properties();
        p.setProperty("user", setting("SECRET_JDBC_TEST_PG_USER"));
        p.setProperty("password", setting("SECRET_JDBC_TEST_PG_PASSWORD"));
        if (side == Side.SECRET) {
            p.setProperty("secret.key", BenchDatabase.KEY);
            p.setProperty("secret.flows", FLOWS);
            p.setProperty("secret.search", SEARCH);
            url = "jdbc:secret:" + url.substring("jdbc:".length());
        }
        return DriverManager.getConnection(url, p);
    }

    /** Makes sure the table holds exactly rows 1..ROWS (loading it if not); rows a write case left are removed. */
    static synchronized void ensureLoaded() throws SQLException {
        try (Connection c = open(Side.RAW); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(200), email_bidx VARCHAR(24), plain_email VARCHAR(100))");
            s.executeUpdate("DELETE FROM " + TABLE + " WHERE id > " + SearchDatabase.ROWS);
            if (isComplete(s)) {
                return;
            }
            s.execute("DROP INDEX IF EXISTS " + TABLE + "_email_bidx");
            s.execute("DROP INDEX IF EXISTS " + TABLE + "_plain_email");
            s.execute("TRUNCATE " + TABLE);
            copyRows(c);
            s.execute("CREATE UNIQUE INDEX " + TABLE + "_email_bidx ON " + TABLE + " (email_bidx)");
            s.execute("CREATE INDEX " + TABLE + "_plain_email ON " + TABLE + " (plain_email)");
            s.execute("VACUUM ANALYZE " + TABLE);
            if (!isComplete(s)) {
                throw new IllegalStateException(TABLE + " is not complete after loading it");
            }
        }
    }

    private static boolean isComplete(Statement s) throws SQLException {
        long probe = SearchDatabase.ROWS / 3;
        String index = new JavaxBlindIndex(BenchDatabase.KEY, DOMAIN).index(SearchDatabase.email(probe));
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id), COUNT(*) FILTER (WHERE id = " + probe
                + " AND email_bidx = '" + index + "') FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1) == SearchDatabase.ROWS && rs.getLong(2) == 1 && rs.getLong(3) == SearchDatabase.ROWS
                    && rs.getLong(4) == 1;
        }
    }

    /** COPY in CSV, 10,000 rows a chunk: Base64 and the e-mails hold no comma, quote or newline. */
    private static void copyRows(Connection c) throws SQLException {
        JavaxGcm gcm = new JavaxGcm(BenchDatabase.KEY);
        JavaxBlindIndex index = new JavaxBlindIndex(BenchDatabase.KEY, DOMAIN);
        CopyIn copy = new CopyManager(c.unwrap(BaseConnection.class))
                .copyIn("COPY " + TABLE + " (id, email, email_bidx, plain_email) FROM STDIN (FORMAT csv)");
        try {
            StringBuilder chunk = new StringBuilder();
            for (long id = 1; id <= SearchDatabase.ROWS; id++) {
                String email = SearchDatabase.email(id);
                chunk.append(id).append(',').append(gcm.encrypt(email)).append(',').append(index.index(email))
                        .append(',').append(email).append('\n');
                if (id % 10_000 == 0 || id == SearchDatabase.ROWS) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
