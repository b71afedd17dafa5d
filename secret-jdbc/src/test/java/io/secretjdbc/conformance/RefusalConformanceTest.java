package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What reference §6 refuses, on all four backends: the statement fails with an SQLException naming the
 * column, nothing reaches the database (no SQL text recorded by the delegate, and the table, read with
 * the raw driver, is unchanged), and the connection goes on working. What stays allowed (IS NULL,
 * IS NOT NULL, COUNT) gives the raw driver's answer.
 */
class RefusalConformanceTest {

    @TempDir
    static Path dir;

    private static final List<String> REFUSED = List.of(
            "SELECT id FROM credentials WHERE password = 'pw-1'",
            "SELECT id FROM credentials WHERE password LIKE 'pw%'",
            "SELECT id FROM credentials WHERE password IN ('pw-1', 'pw-2')",
            "SELECT id FROM credentials ORDER BY password",
            "SELECT password, COUNT(*) FROM credentials GROUP BY password",
            "SELECT UPPER(password) FROM credentials",
            "SELECT c.id FROM credentials c JOIN secret_runs r ON r.secret = c.password",
            "UPDATE credentials SET note = 'changed' WHERE password = 'pw-1'",
            "DELETE FROM credentials WHERE password = 'pw-1'",
            "UPDATE credentials SET password = name",
            "UPDATE credentials SET password = CONCAT(password, 'x')",
            "INSERT INTO credentials (id, name, password) SELECT id + 100, name, name FROM credentials");

    /** The message names the secret column (the join compares two: either one will do). */
    private static final String NAMES_THE_COLUMN = "(?s).*(credentials\\.password|secret_runs\\.secret).*";

    private ConformanceDb seeded(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        try (Connection c = db.secret()) {
            WriteReadConformanceTest.insertCredential(c, 1, "one", "pw-1");
            WriteReadConformanceTest.insertCredential(c, 2, "two", "pw-2");
            WriteReadConformanceTest.insertCredential(c, 3, "three", null);
        }
        return db;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusedStatementsFailBeforeReachingTheDatabase(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        List<List<String>> before = db.rawRows("SELECT id, name, password, note FROM credentials ORDER BY id");
        try (Connection c = db.secret()) {
            for (String sql : REFUSED) {
                RecordingDriver.clear();
                try (Statement s = c.createStatement()) {
                    assertThatThrownBy(() -> s.execute(sql)).as(sql)
                            .isInstanceOf(SQLException.class)
                            .hasMessageMatching(NAMES_THE_COLUMN);
                }
                assertThatThrownBy(() -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.execute();
                    }
                }).as("prepared " + sql).isInstanceOf(SQLException.class).hasMessageMatching(NAMES_THE_COLUMN);
                assertThat(sqlSentToDelegate()).as("SQL that reached the delegate for " + sql).isEmpty();
            }
            // The connection still works after the refusals.
            assertThat(ConformanceDb.rows(c, "SELECT password FROM credentials WHERE id = 1"))
                    .containsExactly(List.of("pw-1"));
        }
        assertThat(db.rawRows("SELECT id, name, password, note FROM credentials ORDER BY id")).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preparedComparisonWithAParameterIsRefused(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        try (Connection c = db.secret()) {
            RecordingDriver.clear();
            assertThatThrownBy(() -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM credentials WHERE password = ?")) {
                    ps.setString(1, "pw-1");
                    ps.executeQuery().close();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThat(RecordingDriver.sightingsOf("pw-1")).isEmpty();
            assertThat(RecordingDriver.calls().stream().filter(call -> call.method().startsWith("execute")).collect(Collectors.toList()))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nullTestsAndCountGiveTheRawDriversAnswer(Backend backend) throws Exception {
        ConformanceDb db = seeded(backend);
        List<String> allowed = List.of(
                "SELECT id FROM credentials WHERE password IS NULL ORDER BY id",
                "SELECT id FROM credentials WHERE password IS NOT NULL ORDER BY id",
                "SELECT COUNT(password) FROM credentials",
                "SELECT COUNT(*) FROM credentials WHERE password IS NOT NULL");
        try (Connection c = db.secret()) {
            for (String sql : allowed) {
                assertThat(ConformanceDb.rows(c, sql)).as(sql).isEqualTo(db.rawRows(sql));
            }
        }
        assertThat(db.rawRows(allowed.get(0))).containsExactly(List.of("3"));
    }

    /** Recorded calls that carry SQL to the delegate (prepare, execute, addBatch, nativeSQL). */
    private static List<String> sqlSentToDelegate() {
        return RecordingDriver.sqlSent();
    }
}
