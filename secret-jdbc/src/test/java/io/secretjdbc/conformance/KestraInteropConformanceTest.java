package io.secretjdbc.conformance;

import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data written by Kestra is read by secret-jdbc, on every backend: values are encrypted in the test
 * with plain javax.crypto (not the project's codec), stored with the raw driver, and read back through
 * secret-jdbc. reference §3's check value, with its fixed IV, is one of them.
 */
class KestraInteropConformanceTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void valuesEncryptedOutsideTheDriverReadBackThroughIt(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        List<String> plaintexts = List.of("Hello World!", ConformanceDb.UNICODE, "x",
                ConformanceDb.utf8OfBytes("long ", 100 * 1024), "");
        List<String> stored = new ArrayList<>();
        byte[] checkIv = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        stored.add(ConformanceDb.encrypt("Hello World!", checkIv));
        assertThat(stored.get(0)).isEqualTo("AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==");
        for (String plaintext : plaintexts.subList(1, plaintexts.size() - 1)) {
            stored.add(ConformanceDb.encrypt(plaintext));
        }
        stored.add(""); // Kestra stores the empty string as is
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO secret_runs (id, username, secret, secret_output) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < stored.size(); i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, "kestra");
                ps.setString(3, stored.get(i));
                ps.setString(4, stored.get(i));
                ps.executeUpdate();
            }
            ps.setInt(1, stored.size() + 1);
            ps.setString(2, "kestra-null");
            ps.setString(3, null);
            ps.setString(4, null);
            ps.executeUpdate();
        }
        List<List<String>> expected = new ArrayList<>();
        for (String plaintext : plaintexts) {
            expected.add(List.of(plaintext, plaintext));
        }
        expected.add(java.util.Arrays.asList(null, null));
        try (Connection c = db.secret()) {
            assertThat(ConformanceDb.rows(c, "SELECT secret, secret_output FROM secret_runs ORDER BY id"))
                    .isEqualTo(expected);
        }
    }
}
