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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read hot path: a result whose secret columns the plan fixes (no {@code *}) is wrapped without
 * asking the delegate for its metadata, which pgjdbc and MariaDB build anew per call; a {@code *} over a
 * secret table still reads it (the control that the recording sees the call at all).
 */
class ResultMetadataCallsTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL"})
    void aPlannedProjectionDoesNotReadTheMetadataAStarDoes(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        db.execRaw("INSERT INTO credentials (id, name, password) VALUES (1, 'n', NULL)");
        try (Connection c = db.secret()) {
            assertThat(metadataCalls(c, "SELECT password FROM credentials WHERE id = ?")).isEmpty();
            assertThat(metadataCalls(c, "SELECT * FROM credentials WHERE id = ?")).isNotEmpty();
        }
    }

    private static List<RecordingDriver.Call> metadataCalls(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 1);
            RecordingDriver.clear();
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("password")).isNull();
            }
        }
        return RecordingDriver.calls().stream().filter(call -> call.method().equals("getMetaData")).toList();
    }
}
