package io.secretjdbc.e2e;

import io.secretjdbc.recording.RecordingDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.OTHER_KEY;
import static io.secretjdbc.e2e.SqliteFixture.encryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** reference §6 refusals and §7 errors, end to end: each fails before anything reaches the database. */
class ErrorsAndRefusalsTest {

    @TempDir
    Path dir;
    SqliteFixture db;
    String marker;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteFixture(dir);
        db.createTables();
        marker = "PLAINTEXT-" + UUID.randomUUID();
    }

    @Test
    void writeWithoutKeyFailsWithKestrasMessageAndLeavesTheTableUnchanged() throws Exception {
        try (Connection c = db.open(SqliteFixture.props(null))) {
            assertThatThrownBy(() -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
                    ps.setInt(1, 1);
                    ps.setString(2, marker);
                    ps.executeUpdate();
                }
            }).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Unable to use a SECRET input as encryption is not configured")
                    .hasMessageNotContaining(marker);
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "INSERT INTO secret_runs (id, secret_output) VALUES (2, '" + marker + "')"))
                    .hasMessageContaining("Unable to use a SECRET output as encryption is not configured")
                    .hasMessageNotContaining(marker);
            // Plain tables still work without a key.
            c.createStatement().executeUpdate("INSERT INTO secret_runs (id, username) VALUES (3, 'plain')");
        }
        assertThat(db.stored("secret_runs", "secret")).containsExactly((String) null);
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
    }

    @Test
    void readWithoutKeyFailsWithKestrasMessage() throws Exception {
        try (Connection c = db.open()) {
            c.createStatement().executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, '" + marker + "')");
        }
        try (Connection c = db.open(SqliteFixture.props(null)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThatThrownBy(() -> rs.getString(2))
                    .hasMessageContaining("Unable to use a SECRET input as encryption is not configured");
        }
    }

    @Test
    void comparisonsOnSecretColumnsAreRefusedBeforeAnythingIsSent() throws Exception {
        RecordingDriver.clear();
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            String[] refused = {
                "SELECT id FROM secret_runs WHERE secret = '" + marker + "'",
                "SELECT id FROM secret_runs r WHERE r.secret LIKE '" + marker + "%'",
                "SELECT id FROM secret_runs ORDER BY secret",
                "UPDATE secret_runs SET username = 'x' WHERE api_token IN ('" + marker + "')",
                "SELECT UPPER(secret) FROM secret_runs",
            };
            for (String sql : refused) {
                assertThatThrownBy(() -> s.executeQuery(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("secret_runs.")
                        .hasMessageNotContaining(marker);
            }
            assertThatThrownBy(() -> c.prepareStatement("DELETE FROM secret_runs WHERE secret = ?"))
                    .hasMessageContaining("secret_runs.secret");
            // Allowed: IS NULL, COUNT.
            try (ResultSet rs = s.executeQuery("SELECT COUNT(secret) FROM secret_runs WHERE secret IS NOT NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
        assertThat(RecordingDriver.seen()).noneMatch(sql -> sql.contains("ORDER BY secret"));
    }

    @Test
    void valueNoKeyOpensNamesTheColumnNotTheValue() throws Exception {
        String stored = encryptWithJavaxCrypto(OTHER_KEY, marker);
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, '" + stored + "')");
        }
        try (Connection c = db.open(); ResultSet rs = c.createStatement().executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThatThrownBy(() -> rs.getString(1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("secret_runs.secret")
                    .hasMessageNotContaining(stored).hasMessageNotContaining(marker)
                    .hasMessageNotContaining(KEY).hasMessageNotContaining(OTHER_KEY);
        }
    }

    @Test
    void plaintextInSecretColumnFailsOrPassesAsConfigured() throws Exception {
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, 'legacy " + marker + "')");
        }
        try (Connection c = db.open(); ResultSet rs = c.createStatement().executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThatThrownBy(() -> rs.getString(1)).hasMessageContaining("secret_runs.secret")
                    .hasMessageNotContaining(marker);
        }
        Properties pass = SqliteFixture.props(KEY);
        pass.setProperty("secret.on-plaintext", "pass");
        try (Connection c = db.open(pass); ResultSet rs = c.createStatement().executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("legacy " + marker);
        }
    }

    @Test
    void maskModeNeedsNoKeyAndShowsStars() throws Exception {
        try (Connection c = db.open()) {
            c.createStatement().executeUpdate("INSERT INTO secret_runs (id, username, secret) VALUES (1, 'u', '"
                    + marker + "'), (2, 'v', NULL)");
        }
        Properties mask = SqliteFixture.props(null);
        mask.setProperty("secret.read", "mask");
        try (Connection c = db.open(mask);
             ResultSet rs = c.createStatement().executeQuery("SELECT username, secret FROM secret_runs ORDER BY id")) {
            rs.next();
            assertThat(rs.getString("secret")).isEqualTo("******");
            assertThat(rs.getString("username")).isEqualTo("u");
            rs.next();
            assertThat(rs.getString("secret")).isNull();
        }
    }

    @Test
    void unwrapToTheDelegateIsRefusedUnlessAllowed() throws Exception {
        try (Connection c = db.open()) {
            assertThat(c.isWrapperFor(org.sqlite.SQLiteConnection.class)).isFalse();
            assertThatThrownBy(() -> c.unwrap(org.sqlite.SQLiteConnection.class)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("secret.allow-unwrap");
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            Statement s = c.createStatement();
            assertThat(s.getConnection()).isSameAs(c);
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
        }
    }

    @Test
    void badKeysFailTheConnectionWithoutEchoingThem() {
        String notBase64 = "this is not base64!";
        assertThatThrownBy(() -> db.open(SqliteFixture.props(notBase64))).isInstanceOf(SQLException.class)
                .hasMessageContaining("Base64").hasMessageNotContaining(notBase64);
        String echoed = java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef\n".getBytes());
        assertThatThrownBy(() -> db.open(SqliteFixture.props(echoed))).isInstanceOf(SQLException.class)
                .hasMessageContaining("newline").hasMessageNotContaining(echoed);
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[20]);
        assertThatThrownBy(() -> db.open(SqliteFixture.props(shortKey))).isInstanceOf(SQLException.class)
                .hasMessageContaining("20").hasMessageNotContaining(shortKey);
    }
}
