package io.secretjdbc.e2e;

import io.secretjdbc.recording.RecordingDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.decryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every path that yields rows or takes SQL: batches of SQL strings, RETURNING, getResultSet, getMoreResults, calls. */
class ResultPathsTest {

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

    @AfterEach
    void noPlaintextReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
    }

    @Test
    void statementBatchesEncryptEachStringsLiterals() throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO secret_runs (id, secret) VALUES (1, 'a-" + marker + "')");
            s.addBatch("INSERT INTO credentials (id, name, password) VALUES (1, 'n', 'b-" + marker + "')");
            s.addBatch("UPDATE secret_runs SET api_token = 'c-" + marker + "' WHERE id = 1");
            assertThat(s.executeBatch()).containsExactly(1, 1, 1);
        }
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("secret_runs", "secret").get(0))).isEqualTo("a-" + marker);
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("credentials", "password").get(0))).isEqualTo("b-" + marker);
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("secret_runs", "api_token").get(0))).isEqualTo("c-" + marker);
    }

    @Test
    void returningRowsAreDecrypted() throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, username, secret) VALUES (?, ?, ?) RETURNING id, secret, username")) {
            ps.setInt(1, 5);
            ps.setString(2, "eve");
            ps.setString(3, marker);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("id")).isEqualTo(5);
                assertThat(rs.getString("secret")).isEqualTo(marker);
                assertThat(rs.getString("username")).isEqualTo("eve");
                assertThat(rs.getStatement()).isSameAs(ps);
            }
        }
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("secret_runs", "secret").get(0))).isEqualTo(marker);
    }

    @Test
    void executeThenGetResultSetAndGetMoreResultsAreWrapped() throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, '" + marker + "')");
            assertThat(s.execute("SELECT id, secret FROM secret_runs")).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getString(2)).isEqualTo(marker);
                assertThat(rs.getStatement()).isSameAs(s);
            }
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getResultSet()).isNull();
        }
    }

    @Test
    void callableStatementsPassOnPlainSqlAndAreRefusedOnSecretTables() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:secret:h2:mem:calls-" + UUID.randomUUID(),
                SqliteFixture.props(KEY))) {
            try (CallableStatement call = c.prepareCall("CALL 6 * 7"); ResultSet rs = call.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThatThrownBy(() -> c.prepareCall("CALL store_secret('" + marker + "', (SELECT COUNT(*) FROM secret_runs))"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("secret_runs").hasMessageContaining("refused");
        }
    }

    @Test
    void metadataResultSetsDoNotLeadBackToTheDelegate() throws Exception {
        try (Connection c = db.open(); ResultSet tables = c.getMetaData().getTables(null, null, "secret_runs", null)) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getString("TABLE_NAME")).isEqualTo("secret_runs");
            assertThat(tables.getStatement()).isNull();
            assertThat(tables.isWrapperFor(org.sqlite.jdbc4.JDBC4ResultSet.class)).isFalse();
        }
    }
}
