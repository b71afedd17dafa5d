package io.secretjdbc.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.KestraReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Searchable secret columns on every backend (reference §3.1, §6 "Search"): lookups, joins, unique
 * violations, a missing index column, masked reads and a key rotation while lookups go on. Expected
 * index values come from {@link BlindIndexReference} (plain javax.crypto), stored values are opened with
 * {@link KestraReference}; the recording delegate proves no plaintext value or search term reaches the
 * database.
 */
class SearchConformanceTest {

    static final String KEY = ConformanceDb.KEY;
    static final String NEW_KEY = "q5VJ0D8ih9H2vTAkV1FUBOvCi0e1B7cODmKZAZ/TxMo=";
    static final String DOMAIN = "people.email";
    /** In every plaintext and every search term: it must never be seen by the database. */
    static final String MARKER = "zq7mark";
    static final String SEARCH = "search_users.email:email_bidx/trim+lowercase@" + DOMAIN
            + ", search_contacts.email:email_bidx/trim+lowercase@" + DOMAIN
            + ", search_missing.token:token_bidx";

    @TempDir
    static Path dir;

    static Properties settings(String key, String previous) {
        Properties p = new Properties();
        p.setProperty("secret.key", key);
        if (previous != null) {
            p.setProperty("secret.previous-keys", previous);
        }
        p.setProperty("secret.flows", "classpath:search/flows");
        p.setProperty("secret.search", SEARCH);
        return p;
    }

    static Connection secret(ConformanceDb db, Properties settings) throws SQLException {
        Properties p = db.db.credentials();
        p.putAll(settings);
        return DriverManager.getConnection(db.recordingSecretUrl(), p);
    }

    private static ConformanceDb tables(Backend backend) throws SQLException {
        return tables(backend, SearchConformanceTest.class, dir);
    }

    /** The search tables, fresh, in the database of {@code testClass}. */
    static ConformanceDb tables(Backend backend, Class<?> testClass, Path dir) throws SQLException {
        ConformanceDb db = ConformanceDb.of(backend, testClass, dir);
        String text = db.longText().equals("CLOB") ? "VARCHAR(4000)" : "VARCHAR(1000)";
        db.execRaw("DROP TABLE IF EXISTS search_contacts", "DROP TABLE IF EXISTS search_users",
                "DROP TABLE IF EXISTS search_missing",
                "CREATE TABLE search_users (id INTEGER PRIMARY KEY, email " + text + ", email_bidx VARCHAR(24),"
                        + " name VARCHAR(100))",
                "CREATE UNIQUE INDEX search_users_bidx ON search_users (email_bidx)",
                "CREATE TABLE search_contacts (id INTEGER PRIMARY KEY, user_id INTEGER, email " + text
                        + ", email_bidx VARCHAR(24))",
                "CREATE TABLE search_missing (id INTEGER PRIMARY KEY, token " + text + ")");
        return db;
    }

    static String index(String key, String plaintext) {
        return BlindIndexReference.index(key, DOMAIN, plaintext, "trim", "lowercase");
    }

    static List<Integer> ids(PreparedStatement ps) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static List<Integer> ids(Connection c, String sql) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writesKeepTheIndexAndLookupsFindRowsWithoutPlaintextReachingTheDatabase(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        RecordingDriver.clear();
        String alice = "Alice." + MARKER + "@Example.com";
        String bob = "bob." + MARKER + "@example.com";
        try (Connection c = secret(db, settings(KEY, null))) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_users (id, email, name) VALUES (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, alice);
                ps.setString(3, "a");
                ps.addBatch();
                ps.setInt(1, 2);
                ps.setString(2, bob);
                ps.setString(3, "b");
                ps.addBatch();
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO search_users (id, email, name) VALUES (3, 'carol." + MARKER
                        + "@example.com', 'c'), (4, NULL, 'd')");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, email FROM search_users WHERE email = ?")) {
                ps.setString(1, "  ALICE." + MARKER + "@example.COM ");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo(alice);
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM search_users WHERE email IN (?, ?) OR name = ? ORDER BY id")) {
                ps.setString(1, bob);
                ps.setString(2, "carol." + MARKER + "@example.com");
                ps.setString(3, "d");
                assertThat(ids(ps)).containsExactly(2, 3, 4);
            }
            assertThat(ids(c, "SELECT id FROM search_users WHERE email = 'Carol." + MARKER + "@example.com'"))
                    .containsExactly(3);
            assertThat(ids(c, "SELECT id FROM search_users WHERE email <> 'carol." + MARKER + "@example.com' ORDER BY id"))
                    .containsExactly(1, 2);
            assertThat(ids(c, "SELECT id FROM search_users WHERE email NOT IN ('carol." + MARKER + "@example.com', '"
                    + bob + "') ORDER BY id")).containsExactly(1);
            try (PreparedStatement ps = c.prepareStatement("UPDATE search_users SET email = ? WHERE email = ?")) {
                ps.setString(1, "dave." + MARKER + "@example.com");
                ps.setString(2, bob);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM search_users WHERE email = ?")) {
                ps.setString(1, bob);
                assertThat(ids(ps)).isEmpty();
                ps.setString(1, "DAVE." + MARKER + "@example.com");
                assertThat(ids(ps)).containsExactly(2);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM search_users WHERE email = ?")) {
                ps.setString(1, "dave." + MARKER + "@example.com");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        // what the database holds: ciphertext and the reference index values
        List<List<String>> rows = db.rawRows("SELECT id, email, email_bidx FROM search_users ORDER BY id");
        assertThat(rows).hasSize(3);
        assertThat(KestraReference.open(KEY, rows.get(0).get(1))).isEqualTo(alice);
        assertThat(rows.get(0).get(2)).isEqualTo(index(KEY, alice));
        assertThat(rows.get(1).get(2)).isEqualTo(index(KEY, "carol." + MARKER + "@example.com"));
        assertThat(rows.get(2).get(1)).isNull();
        assertThat(rows.get(2).get(2)).isNull();
        // positive control: the recorder did see the statements, and the index values
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains("email_bidx"));
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains(index(KEY, alice)));
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
        assertThat(RecordingDriver.sightingsOf(MARKER.toUpperCase())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIndexComputedOutsideTheDriverFindsTheRowRawAndThroughTheDriver(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        String email = "erin." + MARKER + "@example.com";
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO search_users (id, email, email_bidx) VALUES (?, ?, ?)")) {
            ps.setInt(1, 7);
            ps.setString(2, KestraReference.seal(KEY, email));
            ps.setString(3, index(KEY, email));
            ps.executeUpdate();
        }
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "SELECT id FROM search_users WHERE email_bidx = ?")) {
            ps.setString(1, index(KEY, " Erin." + MARKER + "@EXAMPLE.com"));
            assertThat(ids(ps)).containsExactly(7);
        }
        try (Connection c = secret(db, settings(KEY, null));
                PreparedStatement ps = c.prepareStatement("SELECT id, email FROM search_users WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo(email);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void joinsAndExistsBetweenColumnsOfOneDomain(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        try (Connection c = secret(db, settings(KEY, null)); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO search_users (id, email) VALUES (1, 'f." + MARKER + "@x.org'), (2, 'g."
                    + MARKER + "@x.org')");
            s.executeUpdate("INSERT INTO search_contacts (id, user_id, email) VALUES (10, 0, ' F." + MARKER
                    + "@X.org'), (11, 0, 'h." + MARKER + "@x.org')");
            assertThat(ids(c, "SELECT u.id FROM search_users u JOIN search_contacts k ON k.email = u.email"))
                    .containsExactly(1);
            assertThat(ids(c, "SELECT id FROM search_users u WHERE EXISTS (SELECT 1 FROM search_contacts k WHERE"
                    + " k.email = u.email)")).containsExactly(1);
            assertThatThrownBy(() -> ids(c, "SELECT u.id FROM search_users u JOIN search_missing m ON m.token = u.email"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("different domains");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUniqueIndexOnTheIndexColumnIsAUniqueConstraintOnThePlaintext(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        try (Connection c = secret(db, settings(KEY, null));
                PreparedStatement ps = c.prepareStatement("INSERT INTO search_users (id, email) VALUES (?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "ivy." + MARKER + "@example.com");
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.setString(2, " IVY." + MARKER + "@example.com");
            String index = index(KEY, "ivy." + MARKER + "@example.com");
            assertThatThrownBy(ps::executeUpdate)
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .hasMessageContaining("search_users.email")
                    .hasMessageNotContaining(index)
                    .hasNoCause();
        }
    }

    /** {@code ON CONFLICT (email)} / {@code ON DUPLICATE KEY UPDATE} decided by the unique index on the index column. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void upsertsByTheSecretColumnAreDecidedByItsIndex(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        String upsert = backend == Backend.MARIADB
                ? "INSERT INTO search_users (id, email, name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)"
                : "INSERT INTO search_users (id, email, name) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET"
                        + " name = excluded.name";
        RecordingDriver.clear();
        try (Connection c = secret(db, settings(KEY, null)); PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setInt(1, 1);
            ps.setString(2, "kim." + MARKER + "@example.com");
            ps.setString(3, "first");
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.setString(2, "KIM." + MARKER + "@example.com ");
            ps.setString(3, "second");
            ps.executeUpdate();
        }
        assertThat(db.rawRows("SELECT id, name, email_bidx FROM search_users")).containsExactly(
                List.of("1", "second", index(KEY, "kim." + MARKER + "@example.com")));
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
    }

    /** An updatable result set writes the row without the rewrite, so it cannot keep the index: refused. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL"})
    void anUpdatableResultSetCannotWriteAColumnWithABlindIndex(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        try (Connection c = secret(db, settings(KEY, null))) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO search_users (id, email, name) VALUES (1, 'lee." + MARKER + "@x.org', 'n')");
            }
            try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                    ResultSet rs = s.executeQuery("SELECT id, email, name FROM search_users")) {
                assertThat(rs.next()).isTrue();
                assertThatThrownBy(() -> rs.updateString(2, "other." + MARKER + "@x.org"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("search_users.email")
                        .hasMessageContaining("UPDATE ... SET email = ?");
                assertThatThrownBy(() -> rs.updateObject("email", "other"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("blind index");
                rs.updateString(3, "renamed");
                rs.updateRow();
            }
        }
        assertThat(db.rawRows("SELECT name, email_bidx FROM search_users")).containsExactly(
                List.of("renamed", index(KEY, "lee." + MARKER + "@x.org")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDeclaredIndexColumnTheTableLacksFailsWithTheDdl(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        try (Connection c = secret(db, settings(KEY, null))) {
            assertThatThrownBy(() -> c.prepareStatement("INSERT INTO search_missing (id, token) VALUES (?, ?)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("search_missing.token").hasMessageContaining("token_bidx")
                    .hasMessageContaining("ALTER TABLE search_missing ADD COLUMN token_bidx VARCHAR(24);")
                    .hasMessageContaining("CREATE INDEX");
            assertThatThrownBy(() -> c.prepareStatement("SELECT id FROM search_missing WHERE token = ?"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("token_bidx");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutAKeyOrMaskedLookupsFailWithTheNotConfiguredMessage(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        Properties mask = settings(KEY, null);
        mask.setProperty("secret.read", "mask");
        RecordingDriver.clear();
        try (Connection c = secret(db, mask)) {
            // refused when prepared: nothing of the statement reaches the database
            assertThatThrownBy(() -> c.prepareStatement("SELECT id FROM search_users WHERE email = ?"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Unable to use a SECRET input as encryption is not configured");
            assertThat(RecordingDriver.sqlSent()).noneMatch(sql -> sql.contains("email"));
            assertThatThrownBy(() -> ids(c, "SELECT id FROM search_users WHERE email = 'x'"))
                    .hasMessageContaining("Unable to use a SECRET input as encryption is not configured");
        }
        Properties noKey = settings(KEY, null);
        noKey.remove("secret.key");
        noKey.setProperty("secret.read", "mask");
        try (Connection c = secret(db, noKey)) {
            assertThatThrownBy(() -> ids(c, "SELECT id FROM search_users WHERE email IN ('x')"))
                    .hasMessageContaining("Unable to use a SECRET input as encryption is not configured");
        }
    }

    /**
     * Rows written under the old key keep matching while the new key is primary and the old one a
     * previous key, while eight threads look rows up and one rewrites them under the new key.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void lookupsKeepWorkingDuringARotation(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        int rows = 40;
        try (Connection c = secret(db, settings(KEY, null));
                PreparedStatement ps = c.prepareStatement("INSERT INTO search_users (id, email) VALUES (?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                ps.setInt(1, i);
                ps.setString(2, "user" + i + "." + MARKER + "@example.com");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Properties rotated = settings(NEW_KEY, KEY);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger lookups = new AtomicInteger();
        AtomicBoolean rewriting = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                try (Connection c = secret(db, rotated);
                        PreparedStatement ps = c.prepareStatement("SELECT id FROM search_users WHERE email = ?")) {
                    for (int round = 0; round < 3 || rewriting.get(); round++) {
                        for (int i = 1 + seed; i <= rows; i += 8) {
                            ps.setString(1, "USER" + i + "." + MARKER + "@example.com");
                            List<Integer> found = ids(ps);
                            if (!found.equals(List.of(i))) {
                                wrong.add(i + " -> " + found);
                            }
                            lookups.incrementAndGet();
                        }
                    }
                } catch (SQLException e) {
                    wrong.add(e.toString());
                }
            }));
        }
        threads.forEach(Thread::start);
        try (Connection c = secret(db, rotated);
                PreparedStatement ps = c.prepareStatement("UPDATE search_users SET email = ? WHERE id = ?")) {
            for (int i = 1; i <= rows; i++) {
                ps.setString(1, "user" + i + "." + MARKER + "@example.com");
                ps.setInt(2, i);
                ps.executeUpdate();
            }
        } finally {
            rewriting.set(false);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong).isEmpty();
        assertThat(lookups.get()).isGreaterThanOrEqualTo(3 * rows);
        // every row now carries the index under the new key
        List<List<String>> stored = db.rawRows("SELECT id, email_bidx FROM search_users ORDER BY id");
        assertThat(stored).hasSize(rows);
        for (List<String> row : stored) {
            assertThat(row.get(1)).isEqualTo(index(NEW_KEY, "user" + row.get(0) + "." + MARKER + "@example.com"));
        }
    }
}
