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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GROUP BY, SELECT DISTINCT, COUNT(DISTINCT), IN (SELECT ...) and JOIN ... USING through the blind index on
 * every backend (issue 10, reference §6 "Search"). The rows are written raw, sealed with plain javax.crypto
 * ({@link KestraReference}) and indexed with {@link BlindIndexReference}; every expected group, count and
 * match is computed here from the plaintexts (trim + lowercase), never by the driver. The recording
 * delegate proves no plaintext reaches the database, with a positive control on the index values.
 */
class SearchGroupingConformanceTest {

    // The declarations and tables of SearchConformanceTest, in this class's own database.
    static final String KEY = ConformanceDb.KEY;
    static final String OLD_KEY = SearchConformanceTest.NEW_KEY;
    static final String DOMAIN = SearchConformanceTest.DOMAIN;
    static final String MARKER = "h10mark";

    /** id, email, name of search_users: equal after normalization in groups, with NULL and the empty string. */
    static final Object[][] USERS = {
        {1, "Alice." + MARKER + "@Example.com", "a"},
        {2, " alice." + MARKER + "@example.com", "a"},
        {3, "ALICE." + MARKER + "@EXAMPLE.COM ", "b"},
        {4, "bob." + MARKER + "@example.com", "b"},
        {5, "Bob." + MARKER + "@example.com", "b"},
        {6, "carol." + MARKER + "@example.com", "c"},
        {7, null, "c"},
        {8, null, "d"},
        {9, "", "d"},
    };
    /** id, user_id, email of search_contacts. */
    static final Object[][] CONTACTS = {
        {1, 10, "BOB." + MARKER + "@example.com"},
        {2, 10, "dave." + MARKER + "@example.com"},
        {3, 20, " Alice." + MARKER + "@example.com"},
        {4, 20, null},
    };

    @TempDir
    static Path dir;

    private static String normalized(Object plaintext) {
        return plaintext == null ? null : ((String) plaintext).strip().toLowerCase(Locale.ROOT);
    }

    private static ConformanceDb seeded(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.of(backend, SearchGroupingConformanceTest.class, dir);
        String text = db.longText().equals("CLOB") ? "VARCHAR(4000)" : "VARCHAR(1000)";
        db.execRaw("DROP TABLE IF EXISTS search_contacts", "DROP TABLE IF EXISTS search_users",
                "CREATE TABLE search_users (id INTEGER PRIMARY KEY, email " + text + ", email_bidx VARCHAR(24),"
                        + " name VARCHAR(100))",
                "CREATE TABLE search_contacts (id INTEGER PRIMARY KEY, user_id INTEGER, email " + text
                        + ", email_bidx VARCHAR(24))");
        try (Connection raw = db.raw()) {
            insertRaw(raw, "INSERT INTO search_users (id, email, email_bidx, name) VALUES (?, ?, ?, ?)", USERS, 1);
            insertRaw(raw, "INSERT INTO search_contacts (id, user_id, email, email_bidx) VALUES (?, ?, ?, ?)",
                    CONTACTS, 2);
        }
        return db;
    }

    /** Writes rows raw: the secret (at {@code secretAt}) sealed and indexed by the reference code. */
    private static void insertRaw(Connection raw, String sql, Object[][] rows, int secretAt) throws Exception {
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            for (Object[] row : rows) {
                String plaintext = (String) row[secretAt];
                int p = 1;
                for (int i = 0; i < row.length; i++) {
                    if (i == secretAt) {
                        ps.setString(p++, plaintext == null || plaintext.isEmpty() ? plaintext
                                : KestraReference.seal(KEY, plaintext));
                        ps.setString(p++, BlindIndexReference.index(KEY, DOMAIN, normalized(plaintext)));
                    } else if (row[i] instanceof Integer n) {
                        ps.setInt(p++, n);
                    } else {
                        ps.setString(p++, (String) row[i]);
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    private static Connection secret(ConformanceDb db, String previousKey) throws SQLException {
        Properties p = db.db.credentials();
        p.setProperty("secret.key", KEY);
        if (previousKey != null) {
            p.setProperty("secret.previous-keys", previousKey);
        }
        p.setProperty("secret.flows", "classpath:search/flows");
        p.setProperty("secret.search", SearchConformanceTest.SEARCH);
        return DriverManager.getConnection(db.recordingSecretUrl(), p);
    }

    /** The oracle: normalized plaintext (null for NULL) to the plaintexts of its group. */
    private static Map<String, List<String>> groups() {
        Map<String, List<String>> out = new HashMap<>();
        for (Object[] row : USERS) {
            out.computeIfAbsent(normalized(row[1]), k -> new ArrayList<>()).add((String) row[1]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void groupByReturnsOneRowPerNormalizedValueWithACountAndOneOfItsPlaintexts(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        Map<String, List<String>> groups = groups();
        RecordingDriver.clear();
        try (Connection c = secret(db, null)) {
            for (String sql : List.of("SELECT email, COUNT(*) AS n FROM search_users GROUP BY email",
                    "SELECT email, COUNT(*) AS n FROM search_users GROUP BY 1")) {
                Map<String, Integer> counts = new HashMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    assertThat(rs.getMetaData().getColumnLabel(1)).as(sql).isEqualToIgnoringCase("email");
                    while (rs.next()) {
                        String email = rs.getString("email");
                        assertThat(rs.getString(1)).isEqualTo(email);
                        String group = normalized(email);
                        assertThat(groups).as(sql).containsKey(group);
                        assertThat(groups.get(group)).as("a plaintext of its group").contains(email);
                        assertThat(counts.put(group, rs.getInt("n"))).as("one row per group: " + group).isNull();
                    }
                }
                Map<String, Integer> expected = new HashMap<>();
                groups.forEach((k, v) -> expected.put(k, v.size()));
                assertThat(counts).as(sql).isEqualTo(expected);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, COUNT(DISTINCT email) FROM search_users WHERE id > ? GROUP BY name ORDER BY name")) {
                ps.setInt(1, 1);
                Map<String, Set<String>> expected = new java.util.TreeMap<>();
                for (Object[] row : USERS) {
                    if ((Integer) row[0] > 1) {
                        Set<String> set = expected.computeIfAbsent((String) row[2], k -> new HashSet<>());
                        if (row[1] != null) {
                            set.add(normalized(row[1]));
                        }
                    }
                }
                List<String> got = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        got.add(rs.getString(1) + "=" + rs.getInt(2));
                    }
                }
                assertThat(got).containsExactlyElementsOf(expected.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().size()).toList());
            }
        }
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains("GROUP BY email_bidx"));
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
        assertThat(RecordingDriver.sightingsOf(MARKER.toUpperCase(Locale.ROOT))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void distinctAndCountDistinctAgreeWithTheNormalizedPlaintexts(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        Set<String> pairs = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (Object[] row : USERS) {
            pairs.add(normalized(row[1]) + "|" + row[2]);
            if (row[1] != null) {
                values.add(normalized(row[1]));
            }
        }
        RecordingDriver.clear();
        try (Connection c = secret(db, null)) {
            List<String> got = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT email, name FROM search_users WHERE id >= ? ORDER BY name");
                    ResultSet rs = bind(ps, 1).executeQuery()) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualToIgnoringCase("email");
                while (rs.next()) {
                    got.add(normalized(rs.getString("email")) + "|" + rs.getString("name"));
                }
            }
            assertThat(got).doesNotHaveDuplicates();
            assertThat(new HashSet<>(got)).isEqualTo(pairs);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT email) FROM search_users")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(values.size());
            }
        }
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains("COUNT(DISTINCT email_bidx)"));
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void inSubqueryAndJoinUsingMatchTheSameDomain(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        List<Integer> in = new ArrayList<>();
        List<Integer> notIn = new ArrayList<>();
        List<String> joined = new ArrayList<>();
        for (Object[] user : USERS) {
            boolean any = false;
            for (Object[] contact : CONTACTS) {
                if ((Integer) contact[1] == 10 && user[1] != null
                        && Objects.equals(normalized(user[1]), normalized(contact[2]))) {
                    any = true;
                }
                if (user[1] != null && Objects.equals(normalized(user[1]), normalized(contact[2]))) {
                    joined.add(user[0] + "-" + contact[0]);
                }
            }
            (any ? in : notIn).add((Integer) user[0]);
        }
        notIn.removeIf(id -> USERS[id - 1][1] == null); // NULL NOT IN (...) is not true
        RecordingDriver.clear();
        try (Connection c = secret(db, null)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM search_users WHERE email IN"
                    + " (SELECT email FROM search_contacts WHERE user_id = ?) ORDER BY id")) {
                assertThat(SearchConformanceTest.ids(bind(ps, 10))).containsExactlyElementsOf(in);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM search_users u WHERE u.email NOT IN"
                    + " (SELECT c.email FROM search_contacts c WHERE c.user_id = ?) ORDER BY id")) {
                assertThat(SearchConformanceTest.ids(bind(ps, 10))).containsExactlyElementsOf(notIn);
            }
            List<String> got = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT u.id, c.id, c.email FROM"
                    + " search_users u JOIN search_contacts c USING (email) ORDER BY u.id, c.id")) {
                while (rs.next()) {
                    got.add(rs.getInt(1) + "-" + rs.getInt(2));
                    assertThat(normalized(rs.getString(3))).isEqualTo(normalized(USERS[rs.getInt(1) - 1][1]));
                }
            }
            assertThat(got).isNotEmpty().containsExactlyElementsOf(joined);
        }
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains("IN (SELECT email_bidx FROM search_contacts"));
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void groupingIsRefusedWhilePreviousKeysAreConfiguredAndNothingIsSent(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        RecordingDriver.clear();
        try (Connection c = secret(db, OLD_KEY); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT email FROM search_users GROUP BY email",
                    "SELECT DISTINCT email FROM search_users", "SELECT COUNT(DISTINCT email) FROM search_users")) {
                assertThatThrownBy(() -> s.executeQuery(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("while previous keys are configured").hasMessageContaining("rotate");
            }
        }
        assertThat(RecordingDriver.sqlSent()).noneMatch(sql -> sql.contains("search_users"));
    }

    /**
     * The documented rotation caveat of comparisons between two columns: a contact indexed under the previous
     * key (not yet rotated) is found by a lookup, which matches under every key, but not by IN (SELECT) or
     * USING, which compare stored index values with each other; once its index is under the primary key it is.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void duringARotationColumnComparisonsMatchOnlyRowsIndexedUnderTheSameKey(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        String carol = "carol." + MARKER + "@example.com"; // user 6, indexed under KEY
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO search_contacts (id, user_id, email, email_bidx) VALUES (9, 30, ?, ?)")) {
            ps.setString(1, KestraReference.seal(OLD_KEY, carol));
            ps.setString(2, BlindIndexReference.index(OLD_KEY, DOMAIN, carol));
            ps.executeUpdate();
        }
        String in = "SELECT id FROM search_users WHERE email IN (SELECT email FROM search_contacts WHERE user_id = 30)";
        String using = "SELECT u.id FROM search_users u JOIN search_contacts c USING (email) WHERE c.user_id = 30";
        try (Connection c = secret(db, OLD_KEY)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM search_contacts WHERE email = ?")) {
                ps.setString(1, carol);
                assertThat(SearchConformanceTest.ids(ps)).containsExactly(9);
            }
            try (PreparedStatement ps = c.prepareStatement(in)) {
                assertThat(SearchConformanceTest.ids(ps)).isEmpty();
            }
            try (PreparedStatement ps = c.prepareStatement(using)) {
                assertThat(SearchConformanceTest.ids(ps)).isEmpty();
            }
        }
        db.execRaw("UPDATE search_contacts SET email_bidx = '" + BlindIndexReference.index(KEY, DOMAIN, carol)
                + "' WHERE id = 9"); // what rotate does to the index
        try (Connection c = secret(db, OLD_KEY)) {
            try (PreparedStatement ps = c.prepareStatement(in)) {
                assertThat(SearchConformanceTest.ids(ps)).containsExactly(6);
            }
            try (PreparedStatement ps = c.prepareStatement(using)) {
                assertThat(SearchConformanceTest.ids(ps)).containsExactly(6);
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, int value) throws SQLException {
        ps.setInt(1, value);
        return ps;
    }
}
