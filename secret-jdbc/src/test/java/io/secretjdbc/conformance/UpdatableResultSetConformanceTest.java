package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Updatable result sets write through the row, not through SQL the planner sees: updateString on a
 * secret column must store ciphertext, and typed updaters must be refused. (SQLite has no updatable
 * result sets, so it is left out.)
 */
class UpdatableResultSetConformanceTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void updateStringAndInsertRowEncryptSecretColumns(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        db.execRaw("INSERT INTO credentials (id, name, password) VALUES (1, 'n1', NULL)");
        String marker = "UPD-" + UUID.randomUUID();
        try (Connection c = db.secret();
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
             ResultSet rs = s.executeQuery("SELECT id, name, password FROM credentials")) {
            assertThat(rs.next()).isTrue();
            rs.updateString("password", "a-" + marker);
            assertThatThrownBy(() -> rs.updateInt("password", 5)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("credentials.password");
            rs.updateRow();
            rs.moveToInsertRow();
            rs.updateInt("id", 2);
            rs.updateString("name", "n2");
            rs.updateObject(3, "b-" + marker);
            rs.insertRow();
        }
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
        var stored = db.stored("credentials", "password");
        assertThat(stored).hasSize(2);
        assertThat(ConformanceDb.decrypt(stored.get(0))).isEqualTo("a-" + marker);
        assertThat(ConformanceDb.decrypt(stored.get(1))).isEqualTo("b-" + marker);
    }
}
