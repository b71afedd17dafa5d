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
import java.util.List;
import java.util.UUID;

import static io.secretjdbc.conformance.ConformanceDb.assertCiphertextOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each backend in its own dialect: upserts ({@code ON CONFLICT … DO UPDATE} on SQLite and PostgreSQL,
 * {@code ON DUPLICATE KEY UPDATE} and {@code REPLACE} on MariaDB, {@code INSERT OR REPLACE} on SQLite,
 * {@code MERGE} on H2), quoted identifiers (backticks on MariaDB, double quotes elsewhere), and
 * PostgreSQL casts and RETURNING. Forms reference §6 promises must work; the others must work or be
 * refused without sending anything (see {@link PlannerGaps}).
 */
class DialectConformanceTest {

    @TempDir
    static Path dir;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    private ConformanceDb open(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        try (Connection c = db.secret()) {
            WriteReadConformanceTest.insertCredential(c, 1, "one", "first");
        }
        RecordingDriver.clear();
        return db;
    }

    @AfterEach
    void markerNeverReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();
    }

    private static String upsertWithParameters(Backend backend) {
        switch (backend) {
            case MARIADB:
                return "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE password = ?, name = ?";
            case H2:
                return null; // H2 has no upsert clause on INSERT; MERGE is tested below
            default:
                return "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET password = ?, name = ?";
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void upsertWithParametersInTheUpdatePart(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(upsertWithParameters(backend))) {
            for (int id : new int[] {1, 2}) {
                ps.setInt(1, id);
                ps.setString(2, "inserted");
                ps.setString(3, marker + "-inserted-" + id);
                ps.setString(4, marker + "-updated-" + id);
                ps.setString(5, "updated");
                ps.executeUpdate();
            }
        }
        assertStored(db, List.of(marker + "-updated-1", marker + "-inserted-2"));
        assertThat(db.stored("credentials", "name")).containsExactly("updated", "inserted");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void upsertCopyingTheProposedRowAndAsLiterals(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String fromProposed = backend == Backend.MARIADB
                ? "ON DUPLICATE KEY UPDATE password = VALUES(password)"
                : "ON CONFLICT (id) DO UPDATE SET password = excluded.password";
        String sql = "INSERT INTO credentials (id, name, password) VALUES (?, 'x', ?) " + fromProposed;
        boolean copied = PlannerGaps.worksOrIsSafelyRefused(backend, sql, marker, () -> {
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 1);
                ps.setString(2, marker + "-copied");
                ps.executeUpdate();
            }
        });
        String literalUpsert = backend == Backend.MARIADB
                ? "INSERT INTO credentials (id, name, password) VALUES (2, 'y', '" + marker + "-lit') "
                        + "ON DUPLICATE KEY UPDATE password = '" + marker + "-lit-updated'"
                : "INSERT INTO credentials (id, name, password) VALUES (2, 'y', '" + marker + "-lit') "
                        + "ON CONFLICT (id) DO UPDATE SET password = '" + marker + "-lit-updated'";
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            s.executeUpdate(literalUpsert);
            s.executeUpdate(literalUpsert);
        }
        assertStored(db, List.of(copied ? marker + "-copied" : "first", marker + "-lit-updated"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "MARIADB"})
    void replaceForms(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String replace = backend == Backend.SQLITE ? "INSERT OR REPLACE INTO" : "REPLACE INTO";
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement(replace + " credentials (id, name, password) VALUES (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "replaced");
                ps.setString(3, marker + "-replaced");
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("REPLACE INTO credentials (id, name, password) VALUES (2, 'r', '" + marker + "-r')");
            }
        }
        String ignore = (backend == Backend.SQLITE ? "INSERT OR IGNORE INTO" : "INSERT IGNORE INTO")
                + " credentials (id, name, password) VALUES (?, 'ignored', ?)";
        boolean ignoredWorks = PlannerGaps.worksOrIsSafelyRefused(backend, ignore, marker, () -> {
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(ignore)) {
                for (int id : new int[] {2, 3}) {
                    ps.setInt(1, id);
                    ps.setString(2, marker + "-ignore-" + id);
                    ps.executeUpdate();
                }
            }
        });
        assertStored(db, ignoredWorks
                ? List.of(marker + "-replaced", marker + "-r", marker + "-ignore-3")
                : List.of(marker + "-replaced", marker + "-r"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "H2")
    void mergeOnH2(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String keyed = "MERGE INTO credentials (id, name, password) KEY (id) VALUES (?, ?, ?)";
        boolean keyedWorks = PlannerGaps.worksOrIsSafelyRefused(backend, keyed, marker, () -> {
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(keyed)) {
                ps.setInt(1, 1);
                ps.setString(2, "merged");
                ps.setString(3, marker + "-merged");
                ps.executeUpdate();
            }
        });
        String standard = "MERGE INTO credentials t USING (SELECT CAST(? AS INTEGER) AS id, CAST(? AS VARCHAR) AS pw) s "
                + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.password = s.pw "
                + "WHEN NOT MATCHED THEN INSERT (id, name, password) VALUES (s.id, 'm', s.pw)";
        boolean standardWorks = PlannerGaps.worksOrIsSafelyRefused(backend, standard, marker, () -> {
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(standard)) {
                ps.setInt(1, 2);
                ps.setString(2, marker + "-standard");
                ps.executeUpdate();
            }
        });
        List<String> stored = db.stored("credentials", "password");
        // Whatever the planner did, nothing may be stored in the clear.
        for (String value : stored) {
            assertThat(value).doesNotContain(marker);
        }
        if (keyedWorks) {
            assertCiphertextOf(stored.get(0), marker + "-merged");
        }
        if (standardWorks) {
            assertThat(stored).hasSize(2);
            assertCiphertextOf(stored.get(1), marker + "-standard");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void quotedIdentifiers(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String q = backend == Backend.MARIADB ? "`" : "\"";
        boolean upper = backend == Backend.H2; // H2 stores unquoted names upper-case
        String table = q + (upper ? "CREDENTIALS" : "credentials") + q;
        String id = q + (upper ? "ID" : "id") + q;
        String name = q + (upper ? "NAME" : "name") + q;
        String password = q + (upper ? "PASSWORD" : "password") + q;
        try (Connection c = db.secret()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + table + " (" + id + ", " + name + ", " + password + ") VALUES (?, ?, ?)")) {
                ps.setInt(1, 2);
                ps.setString(2, "quoted");
                ps.setString(3, marker + "-quoted");
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT t." + password + " FROM " + table + " t WHERE t." + id + " = 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(marker + "-quoted");
            }
        }
        assertStored(db, List.of("first", marker + "-quoted"));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "POSTGRESQL")
    void postgresCastsAndReturning(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String cast = "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?::text)";
        boolean castWorks = PlannerGaps.worksOrIsSafelyRefused(backend, cast, marker, () -> {
            try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(cast)) {
                ps.setInt(1, 2);
                ps.setString(2, "cast");
                ps.setString(3, marker + "-cast");
                ps.executeUpdate();
            }
        });
        String returning = "UPDATE credentials SET password = ? WHERE id = 1 RETURNING id, password";
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(returning)) {
            ps.setString(1, marker + "-returned");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("password")).isEqualTo(marker + "-returned");
            }
        }
        assertStored(db, castWorks ? List.of(marker + "-returned", marker + "-cast") : List.of(marker + "-returned"));
    }

    /** The passwords, in id order, are stored as ciphertext of {@code expected} and read back as it. */
    private static void assertStored(ConformanceDb db, List<String> expected) throws Exception {
        List<String> stored = db.stored("credentials", "password");
        assertThat(stored).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertCiphertextOf(stored.get(i), expected.get(i));
        }
        assertThat(WriteReadConformanceTest.readPasswords(db)).containsExactlyElementsOf(expected);
    }
}
