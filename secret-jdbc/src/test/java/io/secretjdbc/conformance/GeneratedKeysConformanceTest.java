package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * getGeneratedKeys with named key columns: PostgreSQL and H2 return the named columns of the written
 * row, so a secret one among them must come back decrypted, through prepared and plain statements.
 */
class GeneratedKeysConformanceTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL"})
    void namedGeneratedKeyColumnsAreDecrypted(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        String marker = "KEYS-" + UUID.randomUUID();
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)", new String[] {"id", "password"})) {
                ps.setInt(1, 1);
                ps.setString(2, "n1");
                ps.setString(3, "a-" + marker);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt(1)).isEqualTo(1);
                    assertThat(keys.getString(2)).isEqualTo("a-" + marker);
                    assertThat(keys.getStatement()).isSameAs(ps);
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (2, 'n2', 'b-" + marker + "')",
                        new String[] {"id", "password"});
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getString(2)).isEqualTo("b-" + marker);
                }
            }
        }
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
        assertThat(ConformanceDb.decrypt(db.stored("credentials", "password").get(1))).isEqualTo("b-" + marker);
    }
}
