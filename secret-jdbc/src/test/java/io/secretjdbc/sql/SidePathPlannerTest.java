package io.secretjdbc.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 classes 4, 5 and 12 at the planner: side paths opened by DDL, SQL the database would run
 * unread, NATURAL JOIN and whole-row reads are refused, with a message that names a registry table or
 * secret column and says what to do instead; plain DDL keeps passing. The end-to-end counterpart on the
 * four backends is {@code SidePathConformanceTest}.
 */
class SidePathPlannerTest {

    private final Planner planner = new Planner(Registries.kestra());

    private String refusal(String sql) {
        Plan plan = planner.plan(sql);
        assertThat(plan.isRefused()).as(sql).isTrue();
        try {
            plan.checkAllowed();
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("0A000");
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "EXECUTE IMMEDIATE 'INSERT INTO cr' || 'edentials (id, password) VALUES (1, ''x'')'",
            "  /* c */ execute p(1, 'x')",
            "EXEC sp_executesql N'x'",
            "PREPARE s FROM @q",
            "PREPARE p (int, text) AS INSERT INTO audit VALUES ($1, $2)",
            "DO $$ BEGIN EXECUTE 'INSERT INTO cr' || 'edentials VALUES (1)'; END $$",
            "do 'BEGIN NULL; END'",
            "BEGIN NOT ATOMIC PREPARE s FROM @q; EXECUTE s; END",
            "RUNSCRIPT FROM '/tmp/x.sql'",
            "CREATE ALIAS f FOR \"java.lang.Math.abs\"",
            "CREATE SYNONYM s FOR audit",
            "CREATE FUNCTION f(a text) RETURNS void AS $$ INSERT INTO audit VALUES (a) $$ LANGUAGE sql",
            "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
            "CREATE PROCEDURE p(IN a TEXT) BEGIN INSERT INTO audit VALUES (a); END",
            "CREATE DEFINER = CURRENT_USER PROCEDURE p() SELECT 1",
            "CREATE TRIGGER t AFTER INSERT ON audit FOR EACH ROW INSERT INTO audit VALUES (1)",
            "CREATE TEMP TRIGGER t AFTER INSERT ON audit BEGIN SELECT 1; END",
            "CREATE CONSTRAINT TRIGGER t AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION f()",
            "CREATE RULE r AS ON INSERT TO audit DO ALSO NOTIFY x",
            "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit",
            "CREATE AGGREGATE FUNCTION a(x INT) RETURNS INT BEGIN RETURN 1; END",
            "CREATE DOMAIN d AS text DEFAULT 'x'",
            "ALTER DOMAIN d SET DEFAULT 'x'",
            "ALTER EVENT e DO DELETE FROM audit",
            "CREATE SCHEMA s CREATE VIEW v AS SELECT 1",
            "EXPLAIN ANALYZE EXECUTE p('x')",
            "SELECT 1; EXECUTE p('x')",
            "SELECT 1;\n-- then\nCREATE TRIGGER t AFTER INSERT ON audit FOR EACH ROW SELECT 1",
            "/*!50000 CREATE TRIGGER t AFTER INSERT ON audit FOR EACH ROW SET @x = 1 */",
    })
    void sqlTheDatabaseWouldRunUnreadIsRefusedWithoutNamingATable(String sql) {
        assertThat(refusal(sql)).contains("secret tables configured (").contains("secret_runs")
                .contains("without jdbc:secret:").contains("guard");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE VIEW v AS SELECT * FROM secret_runs",
            "CREATE OR REPLACE VIEW v AS SELECT id, secret FROM secret_runs",
            "CREATE MATERIALIZED VIEW v AS SELECT secret FROM secret_runs",
            "CREATE ALGORITHM = MERGE DEFINER = CURRENT_USER SQL SECURITY INVOKER VIEW v AS SELECT * FROM secret_runs",
            "CREATE TEMP VIEW v AS SELECT 1 FROM audit JOIN secret_runs USING (id)",
            "CREATE FORCE VIEW v AS SELECT * FROM \"SECRET_RUNS\"",
            "ALTER VIEW v AS SELECT * FROM secret_runs",
            "CREATE TABLE p1 PARTITION OF secret_runs FOR VALUES FROM (1) TO (10)",
            "CREATE TABLE secret_runs (id int, secret text) PARTITION OF other FOR VALUES IN (1)",
            "CREATE TABLE child (extra text) INHERITS (secret_runs)",
            "ALTER TABLE child INHERIT secret_runs",
            "ALTER TABLE secret_runs ATTACH PARTITION p1 FOR VALUES FROM (1) TO (10)",
            "ALTER TABLE parent ATTACH PARTITION secret_runs FOR VALUES IN (1)",
            "CREATE TABLE secret_runs AS SELECT * FROM audit",
            "CREATE TABLE IF NOT EXISTS secret_runs (id int, secret text) AS SELECT id, msg FROM audit",
            "CREATE TABLE secret_runs SELECT * FROM audit",
            "CREATE TABLE secret_runs LIKE audit",
            "CREATE TABLE secret_runs (LIKE audit INCLUDING DEFAULTS)",
            "SELECT * INTO secret_runs FROM audit",
            "SELECT id, msg INTO secret_runs FROM audit WHERE id > 2",
            "RENAME TABLE audit TO secret_runs",
            "RENAME TABLE secret_runs TO old_runs",
            "ALTER TABLE audit RENAME TO secret_runs",
            "ALTER TABLE secret_runs RENAME TO old_runs",
            "ALTER TABLE \"secret_runs\" RENAME AS old_runs",
            "COPY secret_runs FROM '/tmp/x.csv'",
            "COPY secret_runs (id, secret) FROM STDIN",
            "LOAD DATA INFILE '/tmp/x' INTO TABLE secret_runs",
            "LOAD DATA LOCAL INFILE '/tmp/x' REPLACE INTO TABLE credentials",
    })
    void ddlOpeningASidePathToARegistryTableIsRefused(String sql) {
        String message = refusal(sql);
        assertThat(message).containsAnyOf("secret table secret_runs", "secret table credentials")
                .contains("jdbc:secret:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE secret_runs (id int, secret text DEFAULT 'x')",
            "CREATE TABLE secret_runs (id int, secret text NOT NULL DEFAULT '')",
            "CREATE TABLE secret_runs (id int, \"SECRET\" varchar(40) DEFAULT ('x' || 'y'))",
            "create table if not exists SECRET_RUNS (id int, secret text default current_user)",
            "ALTER TABLE secret_runs ADD COLUMN api_token text DEFAULT 'x'",
            "ALTER TABLE secret_runs ADD api_token text DEFAULT 'x', ADD note text",
            "ALTER TABLE secret_runs ADD (note text, api_token text DEFAULT 'x')",
            "ALTER TABLE secret_runs ALTER COLUMN secret SET DEFAULT 'x'",
            "ALTER TABLE secret_runs ALTER secret SET DEFAULT 'x'",
            "ALTER TABLE ONLY public.secret_runs ALTER COLUMN secret SET DEFAULT 'x'",
            "ALTER TABLE secret_runs MODIFY secret text DEFAULT 'x'",
            "ALTER TABLE secret_runs MODIFY COLUMN secret text DEFAULT 'x'",
            "ALTER TABLE secret_runs CHANGE secret secret text DEFAULT 'x'",
            "ALTER TABLE secret_runs ALTER COLUMN secret VARCHAR(400) DEFAULT 'x'",
    })
    void aNonNullDefaultOnASecretColumnIsRefused(String sql) {
        assertThat(refusal(sql)).contains("DEFAULT on secret column secret_runs.")
                .contains("without jdbc:secret:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE secret_runs (id int, username text, secret text GENERATED ALWAYS AS (username) STORED)",
            "CREATE TABLE secret_runs (id int, username text, secret text AS (username))",
            "CREATE TABLE secret_runs (id int, username text, secret text AS (username) VIRTUAL)",
            "CREATE TABLE secret_runs (id int, secret varchar(40) ON UPDATE 'x')",
            "CREATE TABLE secret_runs (secret int AUTO_INCREMENT PRIMARY KEY)",
            "CREATE TABLE secret_runs (secret serial)",
            "ALTER TABLE secret_runs ALTER COLUMN secret SET ON UPDATE 'x'",
            "ALTER TABLE secret_runs ADD COLUMN api_token text GENERATED ALWAYS AS (username) STORED",
            "ALTER TABLE secret_runs ALTER COLUMN secret ADD GENERATED ALWAYS AS IDENTITY",
    })
    void aGeneratedOrOnUpdateValueOnASecretColumnIsRefused(String sql) {
        assertThat(refusal(sql)).contains("ON UPDATE value on secret column secret_runs.");
    }

    @Test
    void selectIntoARegistryTableInAFormThatDoesNotParseIsRefusedToo() {
        assertThat(refusal("SELECT id, msg INTO TEMP secret_runs FROM audit")).contains("secret_runs");
    }

    @Test
    void typeChangesUsingAnExpressionRenamesAndForeignKeysOfSecretColumnsAreRefused() {
        assertThat(refusal("ALTER TABLE secret_runs ALTER COLUMN secret TYPE bytea USING secret::bytea"))
                .contains("USING on secret column secret_runs.secret");
        assertThat(refusal("ALTER TABLE secret_runs ALTER secret SET DATA TYPE text USING username"))
                .contains("USING on secret column secret_runs.secret");
        for (String sql : new String[]{
                "ALTER TABLE secret_runs RENAME COLUMN secret TO s2",
                "ALTER TABLE secret_runs RENAME COLUMN username TO secret",
                "ALTER TABLE secret_runs RENAME secret TO s2",
                "ALTER TABLE secret_runs CHANGE secret s2 text",
                "ALTER TABLE secret_runs CHANGE COLUMN username api_token text",
                "ALTER TABLE secret_runs ALTER COLUMN username RENAME TO secret",
                "ALTER TABLE secret_runs ALTER COLUMN secret RENAME TO s2"}) {
            assertThat(refusal(sql)).as(sql).contains("renaming a column to or from secret column secret_runs.");
        }
        assertThat(refusal("ALTER TABLE secret_runs ADD CONSTRAINT fk FOREIGN KEY (secret) REFERENCES audit (msg)"
                + " ON UPDATE CASCADE")).contains("foreign key on secret column secret_runs.secret");
        assertThat(refusal("CREATE TABLE secret_runs (id int, secret text REFERENCES audit (msg))"))
                .contains("foreign key on secret column secret_runs.secret");
        assertThat(refusal("CREATE INDEX i ON secret_runs (id) WHERE secret = 'x'"))
                .contains("partial index condition on secret column secret_runs.secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE secret_runs (id INT PRIMARY KEY, username VARCHAR(200) DEFAULT 'u', secret VARCHAR(400),"
                    + " secret_output TEXT DEFAULT NULL, api_token TEXT NULL)",
            "CREATE TABLE IF NOT EXISTS credentials (id INTEGER PRIMARY KEY, name VARCHAR(100), password TEXT,"
                    + " note VARCHAR(200), CONSTRAINT u UNIQUE (name), CHECK (id > 0))",
            "CREATE TABLE secret_runs (id int, secret text) WITH (fillfactor = 70)",
            "CREATE TABLE secret_runs (id int, secret text) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE audit (id int, secret text DEFAULT 'x', run int REFERENCES secret_runs (id))",
            "CREATE TABLE copy_of_runs (LIKE secret_runs INCLUDING ALL)",
            "CREATE INDEX i ON secret_runs (secret)",
            "CREATE UNIQUE INDEX i ON secret_runs (username) WHERE username IS NOT NULL",
            "ALTER TABLE credentials ADD COLUMN note2 TEXT DEFAULT 'n'",
            "ALTER TABLE credentials CHANGE note note2 TEXT",
            "ALTER TABLE credentials CHANGE COLUMN note note VARCHAR(300) DEFAULT 'n'",
            "ALTER TABLE credentials RENAME COLUMN note TO remark",
            "ALTER TABLE credentials DROP COLUMN note",
            "ALTER TABLE credentials ALTER COLUMN password DROP DEFAULT",
            "ALTER TABLE credentials ALTER COLUMN password SET DEFAULT NULL",
            "ALTER TABLE credentials ALTER COLUMN password TYPE VARCHAR(600)",
            "ALTER TABLE credentials ALTER COLUMN password SET NOT NULL",
            "ALTER TABLE credentials MODIFY password MEDIUMTEXT",
            "ALTER TABLE credentials ADD CONSTRAINT pk PRIMARY KEY (id)",
            "ALTER TABLE credentials RENAME CONSTRAINT a TO b",
            "DROP TABLE IF EXISTS credentials",
            "TRUNCATE TABLE credentials",
            "CREATE VIEW v AS SELECT * FROM audit",
            "CREATE TABLE a2 AS SELECT id, password FROM credentials",
    })
    void plainDdlKeepsPassing(String sql) throws SQLException {
        Plan plan = planner.plan(sql);
        plan.checkAllowed();
        assertThat(plan.isRefused()).isFalse();
        assertThat(plan.changesSchema()).isTrue();
    }

    @Test
    void theOneSchemaChangeClassifierIsWhatThePlanSays() {
        assertThat(planner.plan("/* c */ ALTER TABLE credentials ADD COLUMN x TEXT").changesSchema()).isTrue();
        assertThat(planner.plan("# c\nDROP TABLE audit").changesSchema()).isTrue();
        assertThat(planner.plan("SELECT 1; ALTER TABLE audit ADD x INT").changesSchema()).isTrue();
        assertThat(planner.plan("ATTACH DATABASE 'x.db' AS x").changesSchema()).isTrue();
        assertThat(planner.plan("INSERT INTO credentials (id, password) VALUES (?, ?)").changesSchema()).isFalse();
        assertThat(planner.plan("SELECT create_date FROM audit").changesSchema()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT c FROM credentials c",
            "SELECT credentials FROM credentials",
            "SELECT id FROM credentials c WHERE c::text LIKE ?",
            "SELECT row_to_json(c) FROM credentials c",
            "SELECT to_jsonb(c) FROM credentials AS c",
            "SELECT ROW(c.*) FROM credentials c",
            "SELECT json_agg(c) FROM credentials c",
            "SELECT 1 FROM credentials c, credentials c2 WHERE c = c2",
            "SELECT id FROM credentials c ORDER BY c",
            "SELECT x FROM (SELECT * FROM credentials) x",
            "SELECT hstore(r) FROM secret_runs r WHERE r.id = 1",
            "UPDATE audit SET msg = (SELECT c::text FROM credentials c LIMIT 1)",
            "INSERT INTO audit (msg) SELECT c::text FROM credentials c",
            "SELECT id FROM credentials c WHERE c IS NOT NULL AND id = ?",
    })
    void wholeRowReferencesOfASecretTableAreRefused(String sql) {
        assertThat(refusal(sql)).contains("whole-row reference").containsPattern("secret column (credentials|secret_runs)\\.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM credentials NATURAL JOIN audit",
            "SELECT id FROM audit a NATURAL LEFT JOIN credentials c",
            "SELECT 1 FROM credentials c JOIN secret_runs r USING (id, password)",
    })
    void naturalJoinsAndUsingOverASecretColumnAreRefused(String sql) {
        assertThat(refusal(sql)).containsPattern("secret column (credentials|secret_runs)\\.\\w+ cannot be compared");
    }

    @Test
    void rowReadsThatNameColumnsStillWork() throws SQLException {
        Plan plan = planner.plan("SELECT c.id, c.password, COUNT(c.*) FROM credentials c GROUP BY c.id, c.password");
        assertThat(plan.isRefused()).isTrue(); // GROUP BY a secret column: refused for that reason, not the count
        assertThat(refusal("SELECT c.id, c.password, COUNT(c.*) FROM credentials c GROUP BY c.id, c.password"))
                .contains("GROUP BY").doesNotContain("whole-row");
        Plan ok = planner.plan("SELECT c.id, c.password, (SELECT COUNT(*) FROM secret_runs) FROM credentials c"
                + " JOIN audit a ON a.id = c.id");
        ok.checkAllowed();
        assertThat(planner.plan("SELECT COUNT(c.*) FROM credentials c").isRefused()).isFalse();
    }

    @Test
    void refusalsQuoteNoTokenOfTheStatement() {
        String message = refusal("CREATE TABLE secret_runs (id int, secret text DEFAULT 'hunter2-default')");
        assertThat(message).doesNotContain("hunter2");
        assertThat(refusal("EXECUTE IMMEDIATE 'INSERT INTO credentials VALUES (1, ''hunter2'')'"))
                .doesNotContain("hunter2");
        assertThat(refusal("SELECT hunter2 FROM credentials hunter2")).doesNotContain("hunter2");
    }
}
