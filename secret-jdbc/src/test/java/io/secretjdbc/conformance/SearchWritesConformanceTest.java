package io.secretjdbc.conformance;

import static io.secretjdbc.conformance.SearchConformanceTest.KEY;
import static io.secretjdbc.conformance.SearchConformanceTest.MARKER;
import static io.secretjdbc.conformance.SearchConformanceTest.ids;
import static io.secretjdbc.conformance.SearchConformanceTest.index;
import static io.secretjdbc.conformance.SearchConformanceTest.secret;
import static io.secretjdbc.conformance.SearchConformanceTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writes of issue 10 that keep the blind index on the backends that accept them (reference §6
 * "Search"): INSERT without a column list and INSERT ... SELECT on all four, MERGE on PostgreSQL 15 and
 * H2 (standard and Hibernate's upsert form, and H2's MERGE ... KEY). Each row is read back through the raw
 * driver, its ciphertext opened with {@link KestraReference} and its index compared with
 * {@code BlindIndexReference}, then found through the driver by its plaintext; the recording delegate
 * sees the reference index values and never the marker that is in every plaintext.
 */
class SearchWritesConformanceTest {

    @TempDir
    static Path dir;

    private static String email(String name) {
        return name + "." + MARKER + "@Example.com";
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) values[i]);
                }
            }
            ps.executeUpdate();
        }
    }

    /** The row of {@code table} with {@code id} holds {@code plaintext} encrypted and its reference index. */
    private static void assertStored(ConformanceDb db, String table, int id, String plaintext) throws Exception {
        List<List<String>> rows = db.rawRows("SELECT email, email_bidx FROM " + table + " WHERE id = " + id);
        assertThat(rows).as(table + " row " + id).hasSize(1);
        assertThat(KestraReference.open(KEY, rows.get(0).get(0))).isEqualTo(plaintext);
        assertThat(rows.get(0).get(1)).isEqualTo(index(KEY, plaintext));
    }

    private static List<Integer> lookup(Connection c, String table, String term) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE email = ? ORDER BY id")) {
            ps.setString(1, term);
            return ids(ps);
        }
    }

    private static void assertNothingLeaked(String... plaintexts) {
        // positive control: the recorder saw the rewritten statements and the reference index values
        assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains("email_bidx"));
        for (String p : plaintexts) {
            assertThat(RecordingDriver.seen()).anyMatch(s -> s.contains(index(KEY, p)));
        }
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void insertWithoutColumnListAndInsertSelectKeepTheIndex(Backend backend) throws Exception {
        ConformanceDb db = SearchConformanceTest.tables(backend, SearchWritesConformanceTest.class, dir);
        RecordingDriver.clear();
        String alice = email("alice");
        String bob = email("bob");
        String carol = email("carol");
        try (Connection c = secret(db, settings(KEY, null))) {
            // search_users is (id, email, email_bidx, name): the application gives the columns but the index
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_users VALUES (?, ?, ?)")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(3);
            }
            insert(c, "INSERT INTO search_users VALUES (?, ?, ?)", 1, alice, "a");
            if (backend == Backend.H2) {
                // H2 types parameters in a UNION's select list only by a cast in its first arm; the index
                // parameter is cast like the value it is computed from
                insert(c, "INSERT INTO search_users (id, email, name) SELECT CAST(? AS INTEGER),"
                        + " CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(100)) UNION ALL SELECT ?, ?, ?",
                        2, bob, "b", 3, carol, "c");
            } else {
                insert(c, "INSERT INTO search_users (id, email, name) SELECT ?, ?, ? UNION ALL SELECT ?, ?, ?",
                        2, bob, "b", 3, carol, "c");
            }
            // a copy within the domain people.email copies the index column with the ciphertext
            insert(c, "INSERT INTO search_contacts (id, user_id, email) SELECT id + 100, id, email FROM search_users"
                    + " WHERE email = ?", "  BOB." + MARKER + "@example.com");
            assertThat(lookup(c, "search_users", alice.toUpperCase())).containsExactly(1);
            assertThat(lookup(c, "search_users", carol)).containsExactly(3);
            assertThat(lookup(c, "search_contacts", bob)).containsExactly(102);
            // a value for every column, the index included, is the application writing the index: refused
            assertThatThrownBy(() -> insert(c, "INSERT INTO search_users VALUES (?, ?, ?, ?)", 4, email("dave"),
                    "x", "d")).isInstanceOf(SQLException.class).hasMessageContaining("other than its blind index");
        }
        assertStored(db, "search_users", 1, alice);
        assertStored(db, "search_users", 2, bob);
        assertStored(db, "search_users", 3, carol);
        assertStored(db, "search_contacts", 102, bob);
        assertThat(db.rawRows("SELECT name FROM search_users WHERE id = 1")).containsExactly(List.of("a"));
        assertThat(db.rawRows("SELECT COUNT(*) FROM search_users WHERE id = 4")).containsExactly(List.of("0"));
        assertNothingLeaked(alice, bob, carol);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "H2"})
    void mergeKeepsTheIndex(Backend backend) throws Exception {
        ConformanceDb db = SearchConformanceTest.tables(backend, SearchWritesConformanceTest.class, dir);
        RecordingDriver.clear();
        String first = email("erin");
        String second = email("frank");
        String third = email("grace");
        String upsert = "MERGE INTO search_users u USING (SELECT CAST(? AS VARCHAR(1000)) email, CAST(? AS INTEGER) id)"
                + " AS s ON u.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email"
                + " WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email)";
        try (Connection c = secret(db, settings(KEY, null))) {
            insert(c, upsert, first, 1); // inserts
            assertStored(db, "search_users", 1, first);
            insert(c, upsert, second, 1); // updates: the index follows the new value
            assertStored(db, "search_users", 1, second);
            String merge = "MERGE INTO search_users u USING (SELECT 2 AS id) s ON u.id = s.id WHEN MATCHED THEN UPDATE"
                    + " SET email = ? WHEN NOT MATCHED THEN INSERT (id, email) VALUES (?, ?)";
            try (PreparedStatement ps = c.prepareStatement(merge)) {
                // the application's numbering: 3 parameters, its 2nd (id) is the delegate's 3rd, after an index
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(3);
                if (backend == Backend.POSTGRESQL) {
                    assertThat(ps.getParameterMetaData().getParameterTypeName(2)).isEqualTo("int4");
                }
            }
            insert(c, merge, "unused", 2, third);
            assertStored(db, "search_users", 2, third);
            insert(c, "MERGE INTO search_contacts t USING search_users s ON t.id = s.id WHEN NOT MATCHED THEN"
                    + " INSERT (id, user_id, email) VALUES (s.id, s.id, s.email)");
            if (backend == Backend.H2) {
                insert(c, "MERGE INTO search_users (id, email) KEY (id) VALUES (?, ?)", 2, first);
                assertStored(db, "search_users", 2, first);
                assertThat(lookup(c, "search_users", first)).containsExactly(2);
            } else {
                assertThat(lookup(c, "search_users", third)).containsExactly(2);
            }
            assertThat(lookup(c, "search_users", second)).containsExactly(1);
            assertThat(lookup(c, "search_users", first.toLowerCase())).doesNotContain(1);
            assertThat(lookup(c, "search_contacts", second)).containsExactly(1);
        }
        assertStored(db, "search_contacts", 1, second);
        assertNothingLeaked(first, second, third);
    }
}
