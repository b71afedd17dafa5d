package io.secretjdbc.e2e;

import io.secretjdbc.sql.Corpus;

import io.secretjdbc.recording.RecordingDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every SQLite-syntax line of src/test/resources/sql/corpus.tsv ({@code sqlite} and {@code any})
 * through {@code jdbc:secret:recording:sqlite:} against a real, seeded SQLite file. Oracles, none of
 * them the planner's own output:
 * <ul>
 *   <li>a refused line throws an SQLException of ours and the delegate saw nothing;</li>
 *   <li>any other line runs, or fails with SQLite's own error;</li>
 *   <li>the marker bound to each parameter the corpus lists as secret never reaches the delegate;</li>
 *   <li>afterwards every value stored in a secret column is NULL, '' or ciphertext that plain
 *       javax.crypto opens (so no secret literal was stored in the clear);</li>
 *   <li>no value read back through the driver is still ciphertext, and a read expected to decrypt
 *       something returns a seeded or bound plaintext.</li>
 * </ul>
 */
class CorpusSqliteEndToEndTest {

    /** Column orders match the ColumnOrder of PlannerCorpusTest, so {@code INSERT ... VALUES} lines agree. */
    private static final String[] DDL = {
        "CREATE TABLE secret_runs (id INTEGER, secret TEXT, secret_output TEXT, api_token TEXT, username TEXT,"
            + " created TEXT)",
        "CREATE UNIQUE INDEX secret_runs_id ON secret_runs (id)",
        "CREATE TABLE credentials (id INTEGER, name TEXT, password TEXT, note TEXT)",
        "CREATE TABLE audit (id INTEGER, msg TEXT)",
    };
    private static final String[][] SECRET_COLUMNS = {
        {"secret_runs", "secret"}, {"secret_runs", "secret_output"}, {"secret_runs", "api_token"},
        {"credentials", "password"},
    };
    private static final String SEED = "seed-";

    @TempDir
    Path dir;

    static List<Arguments> sqliteCorpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Corpus.Line line : Corpus.read()) {
            if (line.dialect().equals("any") || line.dialect().equals("sqlite")) {
                cases.add(Arguments.of(line.number(), line.sql(), line.expected()));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sqliteCorpus")
    void runsAgainstSqlite(int line, String sql, String expected) throws Exception {
        SqliteFixture db = new SqliteFixture(dir);
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        try (Connection c = db.open()) {
            seed(c);
            boolean refused = expected.startsWith("refuse:");
            Set<Integer> secretParameters = secretParameters(expected);
            List<String> markers = new ArrayList<>();
            List<String> read = null;
            SQLException failure = null;
            RecordingDriver.clear();
            for (int attempt = 0; attempt < 2; attempt++) {
                failure = null;
                try {
                    read = execute(c, db, sql, markers);
                } catch (SQLException e) {
                    failure = e;
                }
                if (refused || !isConstraintError(failure)) {
                    break;
                }
                // A write that collides with the seeded rows: run it again on empty tables.
                emptyTables(db);
            }
            if (refused) {
                assertThat((Throwable) failure).as("line %d should be refused", line).isNotNull();
                assertThat((Throwable) failure).as("refusal of line %d", line).isNotInstanceOf(SQLiteException.class);
                assertThat(RecordingDriver.seen()).as("what the delegate saw of refused line %d", line).isEmpty();
                return;
            }
            if (failure != null && !(failure instanceof SQLiteException)) {
                fail("line " + line + " failed with an error that is not SQLite's: " + failure, failure);
            }
            for (String marker : markers) {
                int index = Integer.parseInt(marker.split("-")[1]);
                if (secretParameters.contains(index)) {
                    assertThat(RecordingDriver.sightingsOf(marker))
                            .as("plaintext of secret parameter %d of line %d seen by the delegate", index, line)
                            .isEmpty();
                }
            }
            if (read != null) {
                checkRead(line, expected, read, markers);
            }
        }
        assertSecretColumnsHoldOnlyCiphertext(db, line);
    }

    /** Three rows per table, written through the driver so that secret columns hold ciphertext. */
    private static void seed(Connection c) throws SQLException {
        try (PreparedStatement runs = c.prepareStatement("INSERT INTO secret_runs (id, secret, secret_output,"
                + " api_token, username, created) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement creds = c.prepareStatement(
                     "INSERT INTO credentials (id, name, password, note) VALUES (?, ?, ?, ?)");
             PreparedStatement audit = c.prepareStatement("INSERT INTO audit (id, msg) VALUES (?, ?)")) {
            for (int i = 1; i <= 3; i++) {
                runs.setInt(1, i);
                runs.setString(2, SEED + "secret-" + i);
                runs.setString(3, SEED + "output-" + i);
                runs.setString(4, SEED + "token-" + i);
                runs.setString(5, "user" + i);
                runs.setString(6, "2024-01-0" + i);
                runs.executeUpdate();
                creds.setInt(1, i);
                creds.setString(2, "name" + i);
                creds.setString(3, SEED + "password-" + i);
                creds.setString(4, "note" + i);
                creds.executeUpdate();
                audit.setInt(1, i);
                audit.setString(2, "msg" + i);
                audit.executeUpdate();
            }
        }
    }

    /**
     * Prepares the statement, binds a unique marker to each parameter and runs it; a statement without
     * parameters runs through {@link Statement#execute} instead. Returns the values read, or null if the
     * statement produced no result set. Markers of earlier attempts are kept in {@code markers}.
     */
    private static List<String> execute(Connection c, SqliteFixture db, String sql, List<String> markers)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int count = parameterCount(db, sql);
            if (count > 0) {
                for (int i = 1; i <= count; i++) {
                    String marker = "MARKER-" + i + "-" + UUID.randomUUID();
                    markers.add(marker);
                    ps.setString(i, marker);
                }
                return ps.execute() ? readAll(ps.getResultSet()) : null;
            }
        }
        try (Statement s = c.createStatement()) {
            return s.execute(sql) ? readAll(s.getResultSet()) : null;
        }
    }

    /** Asked of SQLite itself (the recording proxy cannot hand out sqlite-jdbc's ParameterMetaData). */
    private static int parameterCount(SqliteFixture db, String sql) throws SQLException {
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(sql)) {
            return ps.getParameterMetaData().getParameterCount();
        }
    }

    private static List<String> readAll(ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>();
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                    Object o = rs.getObject(i);
                    values.add(o == null ? null : o.toString());
                }
            }
        }
        return values;
    }

    private static void checkRead(int line, String expected, List<String> values, List<String> markers) {
        boolean plaintextSeen = false;
        for (String v : values) {
            if (v == null) {
                continue;
            }
            assertThat(opensWithKey(v)).as("line %d read back ciphertext instead of plaintext", line).isFalse();
            plaintextSeen |= v.startsWith(SEED) || v.startsWith("MARKER-");
        }
        boolean expectsDecryption = expected.contains("res=") && !values.isEmpty();
        if (expectsDecryption) {
            assertThat(plaintextSeen).as("line %d returned rows but no decrypted secret", line).isTrue();
        }
    }

    private static void assertSecretColumnsHoldOnlyCiphertext(SqliteFixture db, int line) throws SQLException {
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            for (String[] column : SECRET_COLUMNS) {
                ResultSet rs;
                try {
                    rs = s.executeQuery("SELECT " + column[1] + " FROM " + column[0]);
                } catch (SQLException e) {
                    continue; // the statement dropped or altered the table
                }
                try (rs) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        if (v != null && !v.isEmpty()) {
                            assertThat(opensWithKey(v)).as("line %d left a non-ciphertext value in %s.%s", line,
                                    column[0], column[1]).isTrue();
                        }
                    }
                }
            }
        }
    }

    private static void emptyTables(SqliteFixture db) throws SQLException {
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.execute("DELETE FROM secret_runs");
            s.execute("DELETE FROM credentials");
            s.execute("DELETE FROM audit");
        }
    }

    private static boolean isConstraintError(SQLException e) {
        return e instanceof SQLiteException sqlite
                && sqlite.getResultCode().code % 256 == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    private static boolean opensWithKey(String value) {
        try {
            SqliteFixture.decryptWithJavaxCrypto(KEY, value);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Set<Integer> secretParameters(String expected) {
        Set<Integer> indexes = new HashSet<>();
        for (String fact : expected.split(" +")) {
            if (fact.startsWith("p=")) {
                for (String i : fact.substring(2).split(",")) {
                    indexes.add(Integer.parseInt(i));
                }
            }
        }
        return indexes;
    }
}
