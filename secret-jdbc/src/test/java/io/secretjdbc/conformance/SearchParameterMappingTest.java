package io.secretjdbc.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.KestraReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parameter mapping through blind-index rewrites (issue 10 "Parameters shift when columns are added"): the
 * application's parameter i still means what it meant, whatever the driver added before or after it (an
 * index value on writes; one index value per key on lookups, here with a previous key so every lookup
 * parameter becomes two). A wrong mapping would store a plain value in the secret column (or the other
 * way round) or find the wrong rows; each case checks the rows found and what is stored, raw, against
 * {@link KestraReference} and {@link BlindIndexReference}, and that the recorder saw the plain values
 * (the positive control) and never a secret one. Runs on the tables of {@link SearchRedTeamTest}.
 */
class SearchParameterMappingTest {

    static final String KEY = SearchRedTeamTest.KEY;
    static final String MARK = "zrmap";

    @TempDir
    static Path dir;

    private static String index(String plain) {
        return BlindIndexReference.index(KEY, SearchRedTeamTest.DOMAIN, plain, "trim", "lowercase");
    }

    /** Row {@code id} of search_users, raw: the decrypted email, whether its index is right, and the name. */
    private static List<String> stored(ConformanceDb db, int id) throws Exception {
        List<List<String>> rows = db.rawRows("SELECT email, email_bidx, name FROM search_users WHERE id = " + id);
        assertThat(rows).hasSize(1);
        List<String> row = rows.get(0);
        String email = row.get(0) == null ? null : KestraReference.open(KEY, row.get(0));
        assertThat(row.get(1)).as("index of row " + id).isEqualTo(index(email));
        List<String> out = new ArrayList<>();
        out.add(email);
        out.add(row.get(2));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyApplicationParameterKeepsItsMeaning(Backend backend) throws Exception {
        ConformanceDb db = SearchRedTeamTest.tables(backend, SearchParameterMappingTest.class, dir);
        RecordingDriver.clear();
        String a = "a." + MARK + "@x.org";
        String c = "c." + MARK + "@x.org";
        try (Connection con = SearchRedTeamTest.secret(db, SearchRedTeamTest.settings(SearchRedTeamTest.OLD_KEY))) {
            // INSERT with the secret between plain parameters, setObject and setString
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT INTO search_users (name, email, id) VALUES (?, ?, ?)")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(3);
                ps.setString(1, "plain-n3");
                ps.setObject(2, a);
                ps.setInt(3, 3);
                ps.addBatch();
                ps.setString(1, "plain-n4");
                ps.setString(2, c);
                ps.setInt(3, 4);
                ps.addBatch();
                ps.setString(1, "plain-n5");
                ps.setNull(2, Types.VARCHAR);
                ps.setInt(3, 5);
                ps.addBatch();
                ps.executeBatch();
            }
            assertThat(stored(db, 3)).containsExactly(a, "plain-n3");
            assertThat(stored(db, 4)).containsExactly(c, "plain-n4");
            assertThat(stored(db, 5)).containsExactly(null, "plain-n5");

            // a lookup IN list between plain parameters: each lookup parameter becomes one per key
            try (PreparedStatement ps = con.prepareStatement(
                    "SELECT id FROM search_users WHERE id > ? AND email IN (?, ?) AND name <> ? ORDER BY id")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(4);
                if (backend == Backend.POSTGRESQL) { // pgjdbc knows each parameter's type
                    assertThat(ps.getParameterMetaData().getParameterTypeName(1)).isEqualTo("int4");
                    try (PreparedStatement after = con.prepareStatement(
                            "SELECT id FROM search_users WHERE email = ? AND id > ?")) {
                        // delegate parameter 2 is the lookup's second index value (text); the application's 2 is id
                        assertThat(after.getParameterMetaData().getParameterTypeName(2)).isEqualTo("int4");
                    }
                }
                assertThatThrownBy(() -> ps.getParameterMetaData().getParameterType(5)).isInstanceOf(SQLException.class);
                ps.setInt(1, 0);
                ps.setString(2, " A." + MARK + "@X.org");
                ps.setString(3, c);
                ps.setString(4, "plain-n4");
                assertThat(SearchConformanceTest.ids(ps)).containsExactly(3);
                // re-executed with other values, and after clearParameters
                ps.setInt(1, 3);
                assertThat(SearchConformanceTest.ids(ps)).isEmpty();
                ps.clearParameters();
                ps.setInt(1, 0);
                ps.setString(2, c);
                ps.setNull(3, Types.VARCHAR);
                ps.setString(4, "nobody");
                assertThat(SearchConformanceTest.ids(ps)).containsExactly(4);
            }

            // UPDATE: plain SET, secret SET, plain WHERE, lookup WHERE
            try (PreparedStatement ps = con.prepareStatement(
                    "UPDATE search_users SET name = ?, email = ? WHERE id = ? AND email = ?")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(4);
                ps.setString(1, "plain-m");
                ps.setString(2, "new." + MARK + "@x.org");
                ps.setInt(3, 4);
                ps.setString(4, c.toUpperCase());
                assertThat(ps.executeUpdate()).isEqualTo(1);
                ps.setInt(3, 3);
                ps.setString(4, "wrong." + MARK + "@x.org");
                assertThat(ps.executeUpdate()).isZero();
            }
            assertThat(stored(db, 4)).containsExactly("new." + MARK + "@x.org", "plain-m");
            assertThat(stored(db, 3)).containsExactly(a, "plain-n3");

            // a prepared batch of lookups-by-secret updates: each row's parameters stay together
            try (PreparedStatement ps = con.prepareStatement(
                    "UPDATE search_users SET email = ?, name = ? WHERE email = ?")) {
                ps.setString(1, "a2." + MARK + "@x.org");
                ps.setString(2, "plain-a2");
                ps.setString(3, a);
                ps.addBatch();
                ps.setString(1, "b2." + MARK + "@x.org");
                ps.setString(2, "plain-b2");
                ps.setString(3, "new." + MARK + "@x.org");
                ps.addBatch();
                assertThat(ps.executeBatch()).containsExactly(1, 1);
            }
            assertThat(stored(db, 3)).containsExactly("a2." + MARK + "@x.org", "plain-a2");
            assertThat(stored(db, 4)).containsExactly("b2." + MARK + "@x.org", "plain-b2");

            // a lookup bound NULL finds nothing (email = NULL), and out-of-range indexes are SQLExceptions
            try (PreparedStatement ps = con.prepareStatement("SELECT id FROM search_users WHERE email = ? AND id > ?")) {
                ps.setNull(1, Types.VARCHAR);
                ps.setInt(2, 0);
                assertThat(SearchConformanceTest.ids(ps)).isEmpty();
                assertThatThrownBy(() -> ps.setString(3, MARK)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> ps.setString(0, MARK)).isInstanceOf(SQLException.class);
            }
        }
        // positive control: the plain values went as they were; no secret value or search term did
        assertThat(RecordingDriver.sightingsOf("plain-n3")).isNotEmpty();
        assertThat(RecordingDriver.sightingsOf("plain-b2")).isNotEmpty();
        assertThat(RecordingDriver.sightingsOf(MARK)).isEmpty();
    }
}
