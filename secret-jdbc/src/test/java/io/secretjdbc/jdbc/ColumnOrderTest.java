package io.secretjdbc.jdbc;

import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 9 class 3, what an attack line cannot express: the column order of an INSERT without a column
 * list changed by another connection (or process: another context), twins in another schema or database
 * created outside the driver, and DDL queued in the same batch. Stored values are checked with plain
 * javax.crypto: each secret value lands, encrypted, in the column the database put it in.
 */
class ColumnOrderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ddlFromAnotherConnectionIsSeenAtTheNextExecution(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_order_other", dir);
        try (Connection c = t.secret(); Statement s = c.createStatement(); Connection raw = t.raw()) {
            s.execute("INSERT INTO creds VALUES (1, 'u1', 'pw-1', 'tk-1')");
            PreparedStatement early = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)");
            try (Statement r = raw.createStatement()) {
                r.execute("DROP TABLE creds");
                r.execute("CREATE TABLE creds (password VARCHAR(400), id INT, api_token VARCHAR(400), username VARCHAR(200))");
            }
            // A plain Statement is planned again with the order the table has now.
            s.execute("INSERT INTO creds VALUES ('pw-2', 2, 'tk-2', 'u2')");
            // A statement prepared before the change holds values matched to the old order: refused, nothing sent.
            early.setInt(1, 3);
            early.setString(2, "u3");
            early.setString(3, "pw-3");
            early.setString(4, "tk-3");
            assertThatThrownBy(early::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("changed since this INSERT without a column list was planned");
            try (PreparedStatement again = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
                again.setString(1, "pw-4");
                again.setInt(2, 4);
                again.setString(3, "tk-4");
                again.setString(4, "u4");
                assertThat(again.executeUpdate()).isEqualTo(1);
            }
            try (Statement r = raw.createStatement();
                 ResultSet rs = r.executeQuery("SELECT id, username, password, api_token FROM creds ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertRow(rs, 2, "u2", "pw-2", "tk-2");
                assertThat(rs.next()).isTrue();
                assertRow(rs, 4, "u4", "pw-4", "tk-4");
                assertThat(rs.next()).as("the refused execution sent nothing").isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aTwinInAnotherSchemaOrDatabaseUsesItsOwnOrder(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_order_twin", dir);
        String schema = backend == Backend.MARIADB ? "sj_jdbc_order_twin_db" : "twin_schema";
        try (Connection raw = t.raw(); Statement r = raw.createStatement()) {
            r.execute(backend == Backend.MARIADB ? "DROP DATABASE IF EXISTS " + schema
                    : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            r.execute((backend == Backend.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema);
            r.execute("CREATE TABLE " + schema + ".creds (api_token VARCHAR(400), id INT, username VARCHAR(200),"
                    + " password VARCHAR(400))");
        }
        try (Connection c = t.secret(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO creds VALUES (1, 'u1', 'pw-1', 'tk-1')");
            s.execute("INSERT INTO " + schema + ".creds VALUES ('tk-2', 2, 'u2', 'pw-2')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".creds VALUES (?, ?, ?, ?)")) {
                ps.setString(1, "tk-3");
                ps.setInt(2, 3);
                ps.setString(3, "u3");
                ps.setString(4, "pw-3");
                ps.executeUpdate();
            }
            s.execute("INSERT INTO creds VALUES (4, 'u4', 'pw-4', 'tk-4')");
        }
        try (Connection raw = t.raw(); Statement r = raw.createStatement()) {
            try (ResultSet rs = r.executeQuery("SELECT id, username, password, api_token FROM " + schema
                    + ".creds ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertRow(rs, 2, "u2", "pw-2", "tk-2");
                assertThat(rs.next()).isTrue();
                assertRow(rs, 3, "u3", "pw-3", "tk-3");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = r.executeQuery("SELECT id, username, password, api_token FROM creds ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertRow(rs, 1, "u1", "pw-1", "tk-1");
                assertThat(rs.next()).isTrue();
                assertRow(rs, 4, "u4", "pw-4", "tk-4");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ddlAndAPositionalInsertNeverShareABatch(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_order_batch", dir);
        try (Connection c = t.secret(); Statement s = c.createStatement()) {
            s.addBatch("ALTER TABLE creds ADD COLUMN extra VARCHAR(20)");
            // Four values match the order planned now, which the queued ALTER would change before they run.
            assertThatThrownBy(() -> s.addBatch("INSERT INTO creds VALUES (1, 'u', 'pw', 'tk')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("batch that changes the schema");
            s.clearBatch();
            s.addBatch("INSERT INTO creds VALUES (1, 'u', 'pw', 'tk')");
            assertThatThrownBy(() -> s.addBatch("ALTER TABLE creds ADD COLUMN extra VARCHAR(20)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("batch that changes the schema");
            assertThat(s.executeBatch()).containsExactly(1);
        }
        try (Connection raw = t.raw(); Statement r = raw.createStatement();
             ResultSet rs = r.executeQuery("SELECT id, username, password, api_token FROM creds")) {
            assertThat(rs.next()).isTrue();
            assertRow(rs, 1, "u", "pw", "tk");
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPreparedBatchIsCheckedWhenItRuns(Backend backend) throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(backend, "jdbc_order_pbatch", dir);
        try (Connection c = t.secret(); Connection raw = t.raw();
             PreparedStatement ps = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "u");
            ps.setString(3, "pw");
            ps.setString(4, "tk");
            ps.addBatch();
            try (Statement r = raw.createStatement()) {
                r.execute("DROP TABLE creds");
                r.execute("CREATE TABLE creds (password VARCHAR(400), id INT, username VARCHAR(200), api_token VARCHAR(400))");
            }
            assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class)
                    .hasMessageContaining("changed since");
            try (Statement r = raw.createStatement(); ResultSet rs = r.executeQuery("SELECT COUNT(*) FROM creds")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing of the refused batch was sent").isZero();
            }
        }
    }

    private static void assertRow(ResultSet rs, int id, String username, String password, String token) throws Exception {
        assertThat(rs.getInt(1)).isEqualTo(id);
        assertThat(rs.getString(2)).isEqualTo(username);
        assertThat(decrypt(rs.getString(3))).isEqualTo(password);
        assertThat(decrypt(rs.getString(4))).isEqualTo(token);
    }

    /** Plain javax.crypto: Base64 of IV (12) || ciphertext || tag (16). */
    private static String decrypt(String stored) throws Exception {
        byte[] all = Base64.getDecoder().decode(stored);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(JdbcTestDb.KEY), "AES"),
                new GCMParameterSpec(128, all, 0, 12));
        return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    }
}
