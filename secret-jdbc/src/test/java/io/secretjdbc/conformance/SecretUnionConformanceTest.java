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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * reference §6 "Reads": {@code UNION} (not ALL) of secret columns runs and decrypts, on all four backends.
 * Its de-duplication compares stored ciphertext: the same plaintext written twice is two rows, one stored
 * value read twice is one. INTERSECT and EXCEPT stay refused before anything is sent.
 */
class SecretUnionConformanceTest {

    @TempDir
    static Path dir;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    @AfterEach
    void markerNeverReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unionDecryptsAndDeduplicatesByStoredValueNotByPlaintext(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        RecordingDriver.clear();
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, 'n', ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, marker);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, marker);
                ps.executeUpdate();
            }
            // Two encryptions of one plaintext: different ciphertexts, so UNION keeps both.
            assertThat(read(c, "SELECT password FROM credentials UNION SELECT secret FROM secret_runs"))
                    .containsExactly(marker, marker);
            // One stored value read through both arms: equal ciphertext, one row.
            assertThat(read(c, "SELECT password FROM credentials UNION SELECT password FROM credentials"))
                    .containsExactly(marker);
            assertThatThrownBy(() -> read(c, "SELECT password FROM credentials INTERSECT SELECT secret FROM secret_runs"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("credentials.password")
                    .hasMessageContaining("INTERSECT");
        }
        assertThat(RecordingDriver.sqlSent()).noneMatch(sql -> sql.contains("INTERSECT"));
    }

    private static List<String> read(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
