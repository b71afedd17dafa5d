package io.secretjdbc.conformance;

import io.secretjdbc.jdbc.CiphertextLength;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static io.secretjdbc.conformance.ConformanceDb.assertCiphertextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Secret columns of every text type each backend has (TEXT, CLOB, VARCHAR, VARCHAR(n)), and what
 * happens when a ciphertext does not fit its column: PostgreSQL, MariaDB (strict mode) and H2 refuse
 * it, and the application gets an SQLException with the database's SQLState that says how many
 * characters the column needs, never a truncated value; SQLite does not enforce lengths and keeps the
 * whole value.
 */
class ColumnTypeConformanceTest {

    @TempDir
    static Path dir;

    /** VARCHAR(200) holds a ciphertext of at most 200 characters: a plaintext of at most 122 UTF-8 bytes. */
    private static final int SHORT = 200;
    private static final int FITS_BYTES = 122;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    private static List<String> longTypes(Backend backend) {
        switch (backend) {
            case SQLITE: return List.of("TEXT", "VARCHAR(10)", "CLOB");
            case H2: return List.of("CLOB", "CHARACTER LARGE OBJECT", "VARCHAR", "VARCHAR(100000)");
            case POSTGRESQL: return List.of("TEXT", "VARCHAR", "VARCHAR(100000)");
            default: return List.of("TEXT", "MEDIUMTEXT", "LONGTEXT", "VARCHAR(16000)");
        }
    }

    private ConformanceDb open(Backend backend, String longType) throws SQLException {
        ConformanceDb db = ConformanceDb.of(backend, getClass(), dir);
        db.execRaw("DROP TABLE IF EXISTS typed_secrets", "CREATE TABLE typed_secrets (id INTEGER PRIMARY KEY, "
                + "label VARCHAR(20), long_secret " + longType + ", short_secret VARCHAR(" + SHORT + "))");
        return db;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyTextTypeHoldsCiphertext(Backend backend) throws Exception {
        String value = ConformanceDb.utf8OfBytes(marker + ConformanceDb.UNICODE, 10_000);
        for (String type : longTypes(backend)) {
            ConformanceDb db = open(backend, type);
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO typed_secrets (id, label, long_secret) VALUES (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, type.length() > 20 ? "long type" : type);
                ps.setString(3, value);
                ps.executeUpdate();
            }
            assertCiphertextOf(db.stored("typed_secrets", "long_secret").get(0), value);
            try (Connection c = db.secret()) {
                assertThat(ConformanceDb.rows(c, "SELECT long_secret FROM typed_secrets")).as(type)
                        .containsExactly(List.of(value));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ciphertextThatFitsExactlyIsStored(Backend backend) throws Exception {
        ConformanceDb db = open(backend, "TEXT".equals(longTypes(backend).get(0)) ? "TEXT" : "CLOB");
        String value = ConformanceDb.utf8OfBytes(marker, FITS_BYTES);
        assertThat(CiphertextLength.of(value)).isEqualTo(SHORT);
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO typed_secrets (id, label, short_secret) VALUES (?, 'fits', ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, value);
            ps.executeUpdate();
        }
        String stored = db.stored("typed_secrets", "short_secret").get(0);
        assertThat(stored).hasSize(SHORT);
        assertCiphertextOf(stored, value);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ciphertextTooLongForItsColumnSaysHowLongTheColumnMustBe(Backend backend) throws Exception {
        ConformanceDb db = open(backend, "TEXT".equals(longTypes(backend).get(0)) ? "TEXT" : "CLOB");
        String value = ConformanceDb.utf8OfBytes(marker, FITS_BYTES + 1);
        int needed = CiphertextLength.of(value);
        assertThat(needed).isEqualTo(SHORT + 4);

        SQLException prepared = attempt(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO typed_secrets (id, label, short_secret) VALUES (?, 'prepared', ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, value);
                ps.executeUpdate();
            }
        });
        SQLException literal = attempt(db, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO typed_secrets (id, label, short_secret) VALUES (2, 'literal', '" + value + "')");
            }
        });
        SQLException batch = attempt(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO typed_secrets (id, label, short_secret) VALUES (?, 'batch', ?)")) {
                ps.setInt(1, 3);
                ps.setString(2, "short");
                ps.addBatch();
                ps.setInt(1, 4);
                ps.setString(2, value);
                ps.addBatch();
                ps.executeBatch();
            }
        });

        if (backend == Backend.SQLITE) {
            // SQLite does not enforce VARCHAR(n): the whole ciphertext is kept, nothing is truncated.
            assertThat((Throwable) prepared).isNull();
            assertThat((Throwable) literal).isNull();
            assertThat((Throwable) batch).isNull();
            List<String> stored = db.stored("typed_secrets", "short_secret");
            assertCiphertextOf(stored.get(0), value);
            assertThat(stored.get(0)).hasSize(needed);
            return;
        }
        for (SQLException e : new SQLException[] {prepared, literal, batch}) {
            assertExplained(e, needed, value);
        }
        assertThat((Throwable) batch).isInstanceOf(BatchUpdateException.class);
        for (String stored : db.stored("typed_secrets", "short_secret")) {
            // No truncated value is ever stored: only the short value of the batch may have made it.
            assertCiphertextOf(stored, "short");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "MARIADB")
    void mariadbTextHoldsAtMost65535BytesOfCiphertext(Backend backend) throws Exception {
        ConformanceDb db = open(backend, "TEXT");
        String value = ConformanceDb.utf8OfBytes(marker, 60_000);
        int needed = CiphertextLength.of(value);
        SQLException e = attempt(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO typed_secrets (id, label, long_secret) VALUES (1, 'text', ?)")) {
                ps.setString(1, value);
                ps.executeUpdate();
            }
        });
        assertExplained(e, needed, value);
        assertThat(db.count("typed_secrets")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void tooLongPlainValueInAStatementWithoutSecretsKeepsTheDatabasesError(Backend backend) throws Exception {
        ConformanceDb db = open(backend, "TEXT".equals(longTypes(backend).get(0)) ? "TEXT" : "CLOB");
        SQLException e = attempt(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO typed_secrets (id, label) VALUES (1, ?)")) {
                ps.setString(1, "x".repeat(50));
                ps.executeUpdate();
            }
        });
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("22001");
        assertThat(e.getMessage()).doesNotContain(CiphertextLength.FORMULA);
    }

    private static void assertExplained(SQLException e, int needed, String value) {
        assertThat((Throwable) e).as("the too-long secret value must be refused").isNotNull();
        assertThat(e.getSQLState()).isEqualTo("22001");
        assertThat(e.getMessage())
                .contains(needed + " characters")
                .contains("VARCHAR(" + needed + ")")
                .contains(CiphertextLength.FORMULA)
                .doesNotContain(value)
                .doesNotContain(value.substring(0, 20));
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
        assertThat(CiphertextLength.isTruncation((SQLException) e.getCause())).isTrue();
    }

    interface Attempt {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code attempt} through secret-jdbc and returns the SQLException it threw, or null. */
    private static SQLException attempt(ConformanceDb db, Attempt attempt) throws SQLException {
        try (Connection c = db.secret()) {
            return catchThrowableOfType(SQLException.class, () -> attempt.run(c));
        }
    }
}
