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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 9 classes 4, 5 and 12 on the four backends, each with the statements it has: DDL that opens a
 * side path to a secret table, SQL the database would run unread, NATURAL JOIN and whole-row reads are
 * refused before anything reaches the database (plain and prepared), with a message naming a registry
 * table or secret column; plain DDL on registry tables keeps working, and a write after it is still
 * encrypted (checked at rest with plain javax.crypto).
 */
class SidePathConformanceTest {

    @TempDir
    static Path dir;

    private static final List<String> EVERYWHERE = List.of(
            "CREATE VIEW v_creds AS SELECT id, password FROM credentials",
            "CREATE TABLE credentials_copy AS SELECT * FROM credentials",
            "CREATE TRIGGER t_other AFTER INSERT ON other_t FOR EACH ROW INSERT INTO credentials (id) VALUES (1)",
            "ALTER TABLE credentials RENAME TO credentials_old",
            "ALTER TABLE credentials ADD COLUMN password2 VARCHAR(100)", // allowed: probe below
            "SELECT * FROM credentials NATURAL JOIN other_t",
            "SELECT c.id FROM credentials c JOIN other_t o USING (password)");

    private static List<String> refused(Backend backend) {
        List<String> sql = new ArrayList<>(EVERYWHERE);
        sql.remove("ALTER TABLE credentials ADD COLUMN password2 VARCHAR(100)");
        sql.remove("CREATE TABLE credentials_copy AS SELECT * FROM credentials"); // a plain copy of ciphertext: allowed
        sql.add("DROP TABLE credentials; CREATE TABLE credentials AS SELECT * FROM other_t");
        switch (backend) {
            case SQLITE -> sql.addAll(List.of(
                    "CREATE TEMP VIEW v_creds AS SELECT * FROM credentials",
                    "CREATE TABLE IF NOT EXISTS credentials (id INTEGER, password TEXT DEFAULT 'x')",
                    "ALTER TABLE credentials ADD COLUMN password TEXT DEFAULT 'x'",
                    "ALTER TABLE 'credentials' RENAME COLUMN note TO password",
                    "ALTER TABLE credentials RENAME COLUMN password TO pw",
                    "ALTER TABLE other_t RENAME TO credentials",
                    "CREATE TRIGGER t2 BEFORE INSERT ON other_t BEGIN UPDATE other_t SET note = 'x'; END"));
            case H2 -> sql.addAll(List.of(
                    "CREATE ALIAS f FOR \"java.lang.Math.abs\"",
                    "CREATE SYNONYM syn FOR other_t",
                    "RUNSCRIPT FROM 'nothing.sql'",
                    "EXECUTE IMMEDIATE 'SELECT 1'",
                    "ALTER TABLE credentials ALTER COLUMN password SET DEFAULT 'x'",
                    "ALTER TABLE credentials ALTER COLUMN password SET ON UPDATE 'x'",
                    "ALTER TABLE credentials ALTER COLUMN note RENAME TO password",
                    "ALTER TABLE credentials DROP COLUMN password, ADD COLUMN password VARCHAR(10) AS (name)",
                    "CREATE TABLE IF NOT EXISTS credentials AS SELECT * FROM other_t"));
            case POSTGRESQL -> sql.addAll(List.of(
                    "CREATE MATERIALIZED VIEW mv AS SELECT * FROM credentials",
                    "CREATE OR REPLACE VIEW v_creds AS SELECT * FROM credentials",
                    "CREATE TABLE child_t (extra TEXT) INHERITS (credentials)",
                    "ALTER TABLE other_t INHERIT credentials",
                    "CREATE TABLE p1 PARTITION OF credentials FOR VALUES IN (1)",
                    "SELECT * INTO credentials FROM other_t",
                    "CREATE RULE r AS ON INSERT TO other_t DO ALSO INSERT INTO credentials (id) VALUES (NEW.id)",
                    "CREATE FUNCTION f(a text) RETURNS void LANGUAGE sql AS $$ INSERT INTO other_t (id, note) VALUES (1, a) $$",
                    "DO $$ BEGIN EXECUTE 'INSERT INTO cr' || 'edentials (id) VALUES (9)'; END $$",
                    "PREPARE p (int) AS SELECT $1",
                    "EXECUTE p(1)",
                    "ALTER TABLE credentials ALTER COLUMN password SET DEFAULT 'x'",
                    "ALTER TABLE credentials ALTER COLUMN password TYPE TEXT USING name",
                    "ALTER TABLE credentials RENAME password TO pw",
                    "COPY credentials FROM STDIN",
                    "CREATE DOMAIN d AS TEXT DEFAULT 'x'",
                    "SELECT c FROM credentials c",
                    "SELECT id FROM credentials c WHERE c::text LIKE '%x%'",
                    "SELECT row_to_json(c) FROM credentials c",
                    "SELECT to_jsonb(c) FROM credentials c",
                    "SELECT (c).* FROM credentials c",
                    "SELECT ROW(c.*) FROM credentials c",
                    "SELECT 1 FROM credentials c, credentials c2 WHERE c = c2"));
            case MARIADB -> sql.addAll(List.of(
                    "CREATE OR REPLACE ALGORITHM = MERGE VIEW v_creds AS SELECT * FROM credentials",
                    "CREATE PROCEDURE p(IN a TEXT) INSERT INTO other_t (id, note) VALUES (1, a)",
                    "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM other_t",
                    "PREPARE s FROM 'SELECT 1'",
                    "EXECUTE IMMEDIATE 'SELECT 1'",
                    "BEGIN NOT ATOMIC SELECT 1; END",
                    "ALTER TABLE credentials ALTER password SET DEFAULT 'x'",
                    "ALTER TABLE credentials MODIFY password TEXT DEFAULT 'x'",
                    "ALTER TABLE credentials CHANGE password pw TEXT",
                    "ALTER TABLE credentials CHANGE note password TEXT",
                    "RENAME TABLE other_t TO credentials",
                    "CREATE TABLE IF NOT EXISTS credentials LIKE other_t",
                    "LOAD DATA LOCAL INFILE '/nonexistent' INTO TABLE credentials",
                    "/*!50000 CREATE TRIGGER t3 BEFORE INSERT ON other_t FOR EACH ROW SET NEW.note = 'x' */"));
        }
        return sql;
    }

    /** Plain DDL that must keep working, per backend (issue 11 needs CHANGE / RENAME COLUMN / DROP COLUMN). */
    private static List<String> plainDdl(Backend backend) {
        List<String> sql = new ArrayList<>(List.of(
                "CREATE INDEX i_creds_name ON credentials (name)",
                "ALTER TABLE credentials ADD COLUMN extra VARCHAR(50)"));
        switch (backend) {
            case SQLITE -> sql.addAll(List.of("ALTER TABLE credentials RENAME COLUMN extra TO extra2",
                    "ALTER TABLE credentials DROP COLUMN extra2"));
            case H2 -> sql.addAll(List.of("ALTER TABLE credentials ALTER COLUMN extra RENAME TO extra2",
                    "ALTER TABLE credentials DROP COLUMN extra2",
                    "ALTER TABLE credentials ALTER COLUMN password SET DEFAULT NULL"));
            case POSTGRESQL -> sql.addAll(List.of("ALTER TABLE credentials RENAME COLUMN extra TO extra2",
                    "ALTER TABLE credentials ALTER COLUMN password DROP DEFAULT",
                    "ALTER TABLE credentials DROP COLUMN extra2"));
            case MARIADB -> sql.addAll(List.of("ALTER TABLE credentials CHANGE extra extra2 VARCHAR(60)",
                    "ALTER TABLE credentials RENAME COLUMN extra2 TO extra3",
                    "ALTER TABLE credentials MODIFY password MEDIUMTEXT",
                    "ALTER TABLE credentials DROP COLUMN extra3"));
        }
        return sql;
    }

    private ConformanceDb prepared(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        db.execRaw("DROP TABLE IF EXISTS other_t",
                "CREATE TABLE other_t (id INTEGER PRIMARY KEY, name VARCHAR(100), password VARCHAR(400), note VARCHAR(200))");
        return db;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sidePathsAreRefusedBeforeReachingTheDatabase(Backend backend) throws Exception {
        ConformanceDb db = prepared(backend);
        try (Connection c = db.secret()) {
            for (String sql : refused(backend)) {
                RecordingDriver.clear();
                try (Statement s = c.createStatement()) {
                    Throwable plain = catchThrowable(() -> s.execute(sql));
                    assertThat(plain).as(sql).isInstanceOf(SQLException.class)
                            .hasMessageMatching("(?s).*(credentials|secret_runs).*");
                    assertThat(((SQLException) plain).getSQLState()).as(sql).isEqualTo("0A000");
                }
                Throwable prepared = catchThrowable(() -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.execute();
                    }
                });
                assertThat(prepared).as("prepared " + sql).isInstanceOf(SQLException.class);
                assertThat(sqlSentToDelegate()).as("SQL that reached the delegate for " + sql).isEmpty();
            }
        }
        // Nothing was created or renamed: both tables are still there, and nothing else is.
        assertThat(db.count("credentials")).isZero();
        assertThat(db.count("other_t")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void plainDdlOnARegistryTableKeepsWorkingAndWritesAfterItAreEncrypted(Backend backend) throws Exception {
        ConformanceDb db = prepared(backend);
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            for (String sql : plainDdl(backend)) {
                s.execute(sql);
            }
            // An insert without a column list after the DDL: the column order must be the new one.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "alice");
                ps.setString(3, "pw-after-ddl");
                ps.setString(4, "n");
                ps.executeUpdate();
            }
            assertThat(ConformanceDb.rows(c, "SELECT password FROM credentials WHERE id = 1"))
                    .containsExactly(List.of("pw-after-ddl"));
        }
        List<String> stored = db.stored("credentials", "password");
        assertThat(stored).hasSize(1);
        ConformanceDb.assertCiphertextOf(stored.get(0), "pw-after-ddl");
        assertThat(db.stored("credentials", "name")).containsExactly("alice");
    }

    /** Recorded calls that carry SQL to the delegate (prepare, execute, addBatch). */
    private static List<String> sqlSentToDelegate() {
        return RecordingDriver.seen().stream()
                .filter(s -> s.startsWith("prepare") || s.startsWith("execute") || s.startsWith("addBatch")
                        || s.startsWith("nativeSQL"))
                .collect(Collectors.toList());
    }
}
