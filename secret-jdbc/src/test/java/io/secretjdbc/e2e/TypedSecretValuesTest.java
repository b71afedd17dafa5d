package io.secretjdbc.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.decryptWithJavaxCrypto;
import static io.secretjdbc.e2e.SqliteFixture.encryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * reference §6 "Typed values": non-text values bound to a secret column are encrypted as their canonical
 * text, through every setter an ORM uses, and read back by the typed getters and
 * {@code getObject(i, Class)}; the canonical text is checked with plain javax.crypto.
 */
class TypedSecretValuesTest {

    @TempDir
    Path dir;
    private SqliteFixture db;

    @BeforeEach
    void setUp() throws SQLException {
        db = new SqliteFixture(dir);
        db.createTables();
    }

    private void insert(int id, Binder binder) throws SQLException {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
            ps.setInt(1, id);
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @Test
    void everySetterStoresTheCanonicalText() throws Exception {
        LocalDateTime when = LocalDateTime.of(2024, 5, 1, 10, 15, 30, 500_000_000);
        insert(1, ps -> ps.setInt(2, 42));
        insert(2, ps -> ps.setLong(2, 9_000_000_000L));
        insert(3, ps -> ps.setBigDecimal(2, new BigDecimal("1E+3")));
        insert(4, ps -> ps.setBoolean(2, true));
        insert(5, ps -> ps.setObject(2, LocalDate.of(2024, 5, 1), Types.DATE));
        insert(6, ps -> ps.setObject(2, when, JDBCType.TIMESTAMP));
        insert(7, ps -> ps.setObject(2, Instant.parse("2024-05-01T08:15:30Z")));
        insert(8, ps -> ps.setTimestamp(2, Timestamp.valueOf(when)));
        insert(9, ps -> ps.setDate(2, java.sql.Date.valueOf("2024-05-01")));
        insert(10, ps -> ps.setObject(2, 7, Types.INTEGER));
        List<String> stored = db.stored("secret_runs", "secret");
        List<String> texts = new java.util.ArrayList<>();
        for (String s : stored) {
            texts.add(decryptWithJavaxCrypto(KEY, s));
        }
        assertThat(texts).containsExactly("42", "9000000000", "1000", "true", "2024-05-01", "2024-05-01T10:15:30.500",
                "2024-05-01T08:15:30Z", "2024-05-01T10:15:30.500", "2024-05-01", "7");

        try (Connection c = db.open(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, secret FROM secret_runs ORDER BY id")) {
            rs.next();
            assertThat(rs.getInt(2)).isEqualTo(42);
            assertThat(rs.getObject("secret", Integer.class)).isEqualTo(42);
            assertThat(rs.getLong("secret")).isEqualTo(42L);
            rs.next();
            assertThat(rs.getLong(2)).isEqualTo(9_000_000_000L);
            rs.next();
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1000");
            rs.next();
            assertThat(rs.getBoolean(2)).isTrue();
            rs.next();
            assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 1));
            assertThat(rs.getDate(2)).isEqualTo(java.sql.Date.valueOf("2024-05-01"));
            rs.next();
            assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(when);
            assertThat(rs.getTimestamp(2)).isEqualTo(Timestamp.valueOf(when));
            rs.next();
            assertThat(rs.getObject(2, Instant.class)).isEqualTo(Instant.parse("2024-05-01T08:15:30Z"));
            assertThat(rs.getTimestamp(2)).isEqualTo(Timestamp.from(Instant.parse("2024-05-01T08:15:30Z")));
        }
    }

    @Test
    void nullReadsAsZeroAndWasNull() throws Exception {
        insert(1, ps -> ps.setNull(2, Types.INTEGER));
        try (Connection c = db.open(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getObject(1, LocalDate.class)).isNull();
        }
    }

    @Test
    void aValueThatDoesNotParseFailsNamingTheColumnNeverTheValue() throws Exception {
        String plaintext = "not-a-number-k7q";
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (1, ?)")) {
            ps.setString(1, encryptWithJavaxCrypto(KEY, plaintext));
            ps.executeUpdate();
        }
        try (Connection c = db.open(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            for (var read : List.<ThrowingRead>of(r -> r.getInt(1), r -> r.getBigDecimal(1), r -> r.getBoolean(1),
                    r -> r.getTimestamp(1), r -> r.getObject(1, LocalDate.class), r -> r.getLong("secret"))) {
                assertThatThrownBy(() -> read.read(rs)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("secret_runs.secret").hasMessageNotContaining(plaintext).hasNoCause();
            }
            assertThat(rs.getString(1)).isEqualTo(plaintext);
        }
    }

    interface ThrowingRead {
        Object read(ResultSet rs) throws SQLException;
    }
}
