package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.secretjdbc.conformance.ConformanceDb.UNICODE;
import static io.secretjdbc.conformance.ConformanceDb.assertCiphertextOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes and reads on all four backends: prepared and literal INSERT (single, multi-row, without a
 * column list), UPDATE, batches, INSERT … SELECT between secret columns; projections, aliases, joins,
 * {@code *} and {@code t.*}; NULL, empty, unicode and 100 KB values. Every stored value is checked
 * with the raw driver and plain javax.crypto, and the recording delegate must never see the marker.
 */
class WriteReadConformanceTest {

    @TempDir
    static Path dir;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    private ConformanceDb open(Backend backend) throws SQLException {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        RecordingDriver.clear();
        return db;
    }

    @AfterEach
    void markerNeverReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preparedInsertIsStoredEncryptedAndReadsBackByIndexAndLabel(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO credentials (id, name, password, note) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "alice");
                ps.setString(3, marker);
                ps.setString(4, "plain note");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, password, note FROM credentials")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).isEqualTo(marker);
                assertThat(rs.getString("password")).isEqualTo(marker);
                assertThat(rs.getObject("password")).isEqualTo(marker);
                assertThat(rs.getString("name")).isEqualTo("alice");
                assertThat(rs.getString("note")).isEqualTo("plain note");
                assertThat(rs.next()).isFalse();
            }
        }
        assertCiphertextOf(db.stored("credentials", "password").get(0), marker);
        assertThat(db.stored("credentials", "name")).containsExactly("alice");
        assertThat(db.stored("credentials", "note")).containsExactly("plain note");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void literalsInPlainStatementsAreRewrittenToCiphertext(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (1, 'a', '" + marker + "-1')"))
                    .isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (2, 'b', '" + marker
                    + "-2'), (3, 'c', '" + marker + "-3')")).isEqualTo(2);
            assertThat(s.executeUpdate("UPDATE credentials SET password = '" + marker + "-u' WHERE id = 3")).isEqualTo(1);
            assertThat(s.execute("INSERT INTO credentials (id, name, password) VALUES (4, 'd', 'it''s " + marker + "')"))
                    .isFalse();
        }
        List<String> stored = db.stored("credentials", "password");
        assertCiphertextOf(stored.get(0), marker + "-1");
        assertCiphertextOf(stored.get(1), marker + "-2");
        assertCiphertextOf(stored.get(2), marker + "-u");
        assertCiphertextOf(stored.get(3), "it's " + marker);
        assertThat(readPasswords(db)).containsExactly(marker + "-1", marker + "-2", marker + "-u", "it's " + marker);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void multiRowPreparedInsertAndInsertWithoutColumnList(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?), (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "a");
                ps.setString(3, marker + "-1");
                ps.setInt(4, 2);
                ps.setString(5, "b");
                ps.setString(6, marker + "-2");
                assertThat(ps.executeUpdate()).isEqualTo(2);
            }
        }
        // No column list: reference §6 finds the secret column through the table's column order.
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement("INSERT INTO credentials VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, 3);
            ps.setString(2, "c");
            ps.setString(3, marker + "-3");
            ps.setString(4, "n");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        List<String> expected = List.of(marker + "-1", marker + "-2", marker + "-3");
        List<String> stored = db.stored("credentials", "password");
        assertThat(stored).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertCiphertextOf(stored.get(i), expected.get(i));
        }
        assertThat(readPasswords(db)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preparedUpdateAndInsertSelectBetweenSecretColumns(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret()) {
            insertCredential(c, 1, "a", "old");
            try (PreparedStatement ps = c.prepareStatement("UPDATE credentials SET password = ?, note = ? WHERE id = ?")) {
                ps.setString(1, marker);
                ps.setString(2, "updated");
                ps.setInt(3, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO secret_runs (id, username, secret, secret_output) "
                        + "SELECT id, name, password, password FROM credentials")).isEqualTo(1);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT secret, secret_output, username FROM secret_runs")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(marker);
                assertThat(rs.getString(2)).isEqualTo(marker);
                assertThat(rs.getString(3)).isEqualTo("a");
            }
        }
        assertCiphertextOf(db.stored("credentials", "password").get(0), marker);
        assertCiphertextOf(db.stored("secret_runs", "secret_output").get(0), marker);
        assertThat(db.stored("credentials", "note")).containsExactly("updated");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void projectionsAliasesJoinsAndStars(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret()) {
            insertCredential(c, 1, "alice", marker + "-pw");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO secret_runs (id, username, secret, secret_output, api_token) VALUES (?, ?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "alice");
                ps.setString(3, marker + "-s");
                ps.setString(4, marker + "-o");
                ps.setString(5, marker + "-t");
                ps.executeUpdate();
            }
            assertThat(rows(c, "SELECT password AS pw FROM credentials")).containsExactly(List.of(marker + "-pw"));
            assertThat(rows(c, "SELECT cr.password AS pw, cr.name FROM credentials cr"))
                    .containsExactly(List.of(marker + "-pw", "alice"));
            assertThat(rows(c, "SELECT c.name, r.secret, r.api_token, c.password FROM credentials c "
                    + "JOIN secret_runs r ON r.id = c.id"))
                    .containsExactly(List.of("alice", marker + "-s", marker + "-t", marker + "-pw"));
            assertThat(rows(c, "SELECT * FROM secret_runs"))
                    .containsExactly(List.of("1", "alice", marker + "-s", marker + "-o", marker + "-t"));
            assertThat(rows(c, "SELECT r.*, c.password FROM secret_runs r JOIN credentials c ON c.id = r.id"))
                    .containsExactly(List.of("1", "alice", marker + "-s", marker + "-o", marker + "-t", marker + "-pw"));
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT x.secret AS s FROM secret_runs x")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("s")).isEqualTo(marker + "-s");
                assertThat(rs.getString("S")).isEqualTo(marker + "-s");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nullAndEmptyAreStoredAsIs(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret();
             PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "null-by-setNull");
            ps.setNull(3, Types.VARCHAR);
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.setString(2, "null-by-setString");
            ps.setString(3, null);
            ps.executeUpdate();
            ps.setInt(1, 3);
            ps.setString(2, "empty");
            ps.setString(3, "");
            ps.executeUpdate();
            ps.setInt(1, 4);
            ps.setString(2, "null-by-setObject");
            ps.setObject(3, null);
            ps.executeUpdate();
        }
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (5, 'literal-empty', '')");
            s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (6, 'literal-null', NULL)");
        }
        assertThat(db.stored("credentials", "password")).containsExactly(null, null, "", null, "", null);
        assertThat(readPasswords(db)).containsExactly(null, null, "", null, "", null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unicodeAndHundredKilobyteValuesRoundTrip(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String unicode = marker + " " + UNICODE;
        String longValue = ConformanceDb.utf8OfBytes(marker, 100 * 1024);
        try (Connection c = db.secret()) {
            insertCredential(c, 1, "unicode", unicode);
            insertCredential(c, 2, "long", longValue);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (3, 'literal', '" + unicode + "')");
            }
        }
        List<String> stored = db.stored("credentials", "password");
        assertCiphertextOf(stored.get(0), unicode);
        assertCiphertextOf(stored.get(1), longValue);
        assertCiphertextOf(stored.get(2), unicode);
        assertThat(readPasswords(db)).containsExactly(unicode, longValue, unicode);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preparedAndLiteralBatches(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        List<String> expected = new ArrayList<>();
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "n" + i);
                    ps.setString(3, i % 10 == 0 ? null : marker + "-" + i);
                    ps.addBatch();
                    expected.add(i % 10 == 0 ? null : marker + "-" + i);
                }
                int[] counts = ps.executeBatch();
                assertThat(counts).hasSize(50);
                assertThat(Arrays.stream(counts)).allMatch(n -> n == 1 || n == Statement.SUCCESS_NO_INFO);
            }
            try (Statement s = c.createStatement()) {
                for (int i = 51; i <= 55; i++) {
                    s.addBatch("INSERT INTO credentials (id, name, password) VALUES (" + i + ", 'n', '" + marker + "-" + i + "')");
                    expected.add(marker + "-" + i);
                }
                s.addBatch("UPDATE credentials SET password = '" + marker + "-x' WHERE id = 1");
                expected.set(0, marker + "-x");
                assertThat(s.executeBatch()).hasSize(6);
            }
        }
        List<String> stored = db.stored("credentials", "password");
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) == null) {
                assertThat(stored.get(i)).isNull();
            } else {
                assertCiphertextOf(stored.get(i), expected.get(i));
            }
        }
        assertThat(readPasswords(db)).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------------------ helpers

    static void insertCredential(Connection c, int id, String name, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, name);
            ps.setString(3, password);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static List<String> readPasswords(ConformanceDb db) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.secret(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password FROM credentials ORDER BY id")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        return ConformanceDb.rows(c, sql);
    }
}
