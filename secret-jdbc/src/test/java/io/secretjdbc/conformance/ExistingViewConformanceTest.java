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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 9 class 10 for views the driver never saw made (created through a raw connection): a statement
 * that reads or writes a view over a secret table, directly or through another view, is refused (it
 * would return ciphertext as if it were the data, or store plaintext), on the four backends; a view over
 * plain tables works, DROP VIEW works, and a view made later is seen after a schema change through the
 * driver.
 */
class ExistingViewConformanceTest {

    @TempDir
    static Path dir;

    private ConformanceDb prepared(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.of(backend, getClass(), dir);
        for (String view : new String[] {"v_late", "v_over2", "v_over", "v_plain"}) {
            db.execRaw("DROP VIEW IF EXISTS " + view);
        }
        if (backend == Backend.POSTGRESQL) {
            db.execRaw("DROP MATERIALIZED VIEW IF EXISTS mv_over");
        }
        db.createTables();
        db.execRaw("DROP TABLE IF EXISTS other_t",
                "CREATE TABLE other_t (id INTEGER PRIMARY KEY, note VARCHAR(200))",
                "CREATE VIEW v_over AS SELECT id, password FROM credentials",
                "CREATE VIEW v_over2 AS SELECT * FROM v_over",
                "CREATE VIEW v_plain AS SELECT id, note FROM other_t");
        if (backend == Backend.POSTGRESQL) {
            db.execRaw("CREATE MATERIALIZED VIEW mv_over AS SELECT * FROM credentials");
        }
        return db;
    }

    private static SQLException refusedThrough(Connection c, String sql) throws SQLException {
        RecordingDriver.clear();
        Throwable plain;
        try (Statement s = c.createStatement()) {
            plain = catchThrowable(() -> s.execute(sql));
        }
        assertThat(plain).as(sql).isInstanceOf(SQLException.class);
        assertThat(((SQLException) plain).getSQLState()).as(sql).isEqualTo("0A000");
        Throwable prepared = catchThrowable(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.execute();
            }
        });
        assertThat(prepared).as("prepared " + sql).isInstanceOf(SQLException.class);
        assertThat(RecordingDriver.sightingsOf("view-marker-7")).as(sql).isEmpty();
        return (SQLException) plain;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void viewsOverSecretTablesMadeElsewhereAreRefused(Backend backend) throws Exception {
        ConformanceDb db = prepared(backend);
        try (Connection c = db.secret()) {
            assertThat(refusedThrough(c, "SELECT password FROM v_over").getMessage())
                    .contains("view v_over reads secret table credentials").contains("DROP VIEW");
            assertThat(refusedThrough(c, "SELECT * FROM v_over2").getMessage())
                    .contains("view v_over2 reads secret table credentials");
            refusedThrough(c, "INSERT INTO v_over (id, password) VALUES (1, 'view-marker-7')");
            refusedThrough(c, "SELECT o.id FROM other_t o JOIN V_OVER v ON v.id = o.id");
            if (backend == Backend.POSTGRESQL) {
                refusedThrough(c, "SELECT * FROM mv_over");
            }
            // A view over plain tables is not affected.
            assertThat(ConformanceDb.rows(c, "SELECT COUNT(*) FROM v_plain")).containsExactly(List.of("0"));
            try (Statement s = c.createStatement()) {
                // Dropping the view is allowed, and so the statement naming it then runs as usual (and fails).
                s.execute("DROP VIEW v_over2");
                assertThat(catchThrowable(() -> s.execute("SELECT * FROM v_over2"))).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isNotEqualTo("0A000"));
            }
        }
        assertThat(db.count("credentials")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aViewMadeLaterIsSeenAfterASchemaChangeThroughTheDriver(Backend backend) throws Exception {
        ConformanceDb db = prepared(backend);
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            assertThat(ConformanceDb.rows(c, "SELECT COUNT(*) FROM v_plain")).containsExactly(List.of("0"));
            db.execRaw("CREATE VIEW v_late AS SELECT password AS p FROM credentials");
            s.execute("CREATE INDEX i_other_note ON other_t (note)");
            assertThat(refusedThrough(c, "SELECT p FROM v_late").getMessage())
                    .contains("view v_late reads secret table credentials");
        }
    }
}
