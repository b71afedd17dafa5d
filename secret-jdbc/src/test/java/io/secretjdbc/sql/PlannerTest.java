package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {

    private final Planner planner = new Planner(Registries.kestra());

    static String secretParams(Plan plan) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            SecretColumn c = plan.secretParameter(i);
            if (c != null) {
                s.append(s.length() == 0 ? "" : " ").append(i).append('=').append(c.qualifiedName());
            }
        }
        return s.toString();
    }

    private SQLException refusal(String sql) {
        Plan plan = planner.plan(sql);
        assertThat(plan.isRefused()).as(sql).isTrue();
        try {
            plan.checkAllowed();
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("0A000");
            return e;
        }
        throw new AssertionError("not refused: " + sql);
    }

    @Test
    void statementNamingNoRegistryTablePassesWithoutParsing() throws SQLException {
        Plan plan = planner.plan("SELECT * FROM audit WHERE msg = 'x' ORDER BY msg");
        assertThat(plan.isPassThrough()).isTrue();
        assertThat(plan.results()).isSameAs(ResultShape.NONE);
        assertThat(plan.render(v -> "X")).isSameAs(plan.sql());
        plan.checkAllowed();
        // Even unparsable SQL passes when it names no registry table.
        assertThat(planner.plan("PRAGMA journal_mode=WAL").isPassThrough()).isTrue();
    }

    @Test
    void unparsableSqlNamingARegistryTableIsRefused() {
        assertThat(refusal("PRAGMA table_info(\"Secret_Runs\")").getMessage())
                .contains("secret table secret_runs").contains("could not be analysed");
        assertThat(refusal("VACUUM secret_runs").getMessage()).contains("secret_runs");
    }

    @Test
    void sqliteWritableSchemaIsRefusedThoughItNamesNoRegistryTable() {
        // With writable_schema on, UPDATE sqlite_master rewrites a secret table's definition unseen.
        assertThat(refusal("PRAGMA writable_schema = ON").getMessage()).contains("writable_schema");
        assertThat(refusal("pragma  Writable_Schema=1").getMessage()).contains("writable_schema");
        assertThat(refusal("PRAGMA main.writable_schema = 1").getMessage()).contains("writable_schema");
        assertThat(refusal("SELECT 1; PRAGMA writable_schema = ON").getMessage()).contains("writable_schema");
        assertThat(refusal("/* x */ PRAGMA writable_schema=1").getMessage()).contains("writable_schema");
        assertThat(planner.plan("PRAGMA journal_mode=WAL").isPassThrough()).isTrue();
    }

    @Test
    void insertParametersAreMappedInTextOrder() {
        Plan plan = planner.plan("INSERT INTO secret_runs (id, secret, username, secret_output) VALUES (?, ?, ?, ?)");
        assertThat(secretParams(plan)).isEqualTo("2=secret_runs.secret 4=secret_runs.secret_output");
        assertThat(plan.firstSecretWrite().qualifiedName()).isEqualTo("secret_runs.secret");
        assertThat(plan.writeTarget().name()).isEqualTo("secret_runs");
        assertThat(plan.isPassThrough()).isFalse();
    }

    @Test
    void multiRowInsertMapsEveryRow() {
        Plan plan = planner.plan("INSERT INTO secret_runs (secret, id) VALUES (?, ?), (?, ?), (?, 3)");
        assertThat(secretParams(plan)).isEqualTo("1=secret_runs.secret 3=secret_runs.secret 5=secret_runs.secret");
    }

    @Test
    void literalsAreRewrittenInPlace() {
        String sql = "INSERT INTO secret_runs (id, secret, username, api_token) VALUES (1, 'it''s', 'bob', ''), (2, N'x', 'it''s', NULL)";
        Plan plan = planner.plan(sql);
        assertThat(plan.hasSecretLiterals()).isTrue();
        assertThat(plan.secretLiteralCount()).isEqualTo(2);
        assertThat(plan.render(v -> "<" + v + ">")).isEqualTo(
                "INSERT INTO secret_runs (id, secret, username, api_token) VALUES (1, '<it''s>', 'bob', ''), (2, N'<x>', 'it''s', NULL)");
        assertThat(plan.toString()).doesNotContain("it's").doesNotContain("bob");
    }

    @Test
    void insertWithoutColumnListUsesColumnOrderOrIsRefused() {
        assertThat(refusal("INSERT INTO secret_runs VALUES (1, ?, ?)").getMessage()).contains("List the columns");
        Planner withOrder = new Planner(Registries.kestra(), t -> List.of("id", "secret", "username"));
        assertThat(secretParams(withOrder.plan("INSERT INTO secret_runs VALUES (1, ?, ?)"))).isEqualTo("1=secret_runs.secret");
        assertThat(withOrder.plan("INSERT INTO audit VALUES (1, ?)").isPassThrough()).isTrue();
    }

    @Test
    void updateSetAndWhere() {
        Plan plan = planner.plan("UPDATE secret_runs SET username = ?, secret = ?, api_token = 'tok' WHERE id = ?");
        assertThat(secretParams(plan)).isEqualTo("2=secret_runs.secret");
        assertThat(plan.render(v -> "C")).isEqualTo("UPDATE secret_runs SET username = ?, secret = ?, api_token = 'C' WHERE id = ?");
    }

    @Test
    void onConflictParametersAreFound() {
        Plan plan = planner.plan("INSERT INTO secret_runs (id, secret) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET secret = ?, api_token = excluded.api_token, username = ?");
        assertThat(secretParams(plan)).isEqualTo("2=secret_runs.secret 3=secret_runs.secret");
    }

    @Test
    void onDuplicateKeyUpdate() {
        Plan plan = planner.plan("INSERT INTO secret_runs (id, secret) VALUES (?, ?) ON DUPLICATE KEY UPDATE secret = VALUES(secret), api_token = ?");
        assertThat(secretParams(plan)).isEqualTo("2=secret_runs.secret 3=secret_runs.api_token");
        assertThat(refusal("INSERT INTO secret_runs (id, secret) VALUES (?, ?) ON DUPLICATE KEY UPDATE secret = VALUES(username)")
                .getMessage()).contains("secret_runs.secret");
    }

    @Test
    void replaceAndInsertOrReplaceAndIgnore() {
        assertThat(secretParams(planner.plan("REPLACE INTO credentials (id, password) VALUES (?, ?)"))).isEqualTo("2=credentials.password");
        assertThat(secretParams(planner.plan("INSERT OR REPLACE INTO credentials (id, password) VALUES (?, ?)"))).isEqualTo("2=credentials.password");
        assertThat(secretParams(planner.plan("INSERT OR IGNORE INTO credentials (id, password) VALUES (?, ?)"))).isEqualTo("2=credentials.password");
        assertThat(secretParams(planner.plan("update or ignore credentials set password = ? where id = ?"))).isEqualTo("1=credentials.password");
    }

    @Test
    void castsNeverHideAParameter() {
        assertThat(secretParams(planner.plan("INSERT INTO credentials (id, password) VALUES (?, CAST(? AS TEXT))"))).isEqualTo("2=credentials.password");
        assertThat(secretParams(planner.plan("UPDATE credentials SET password = ?::text WHERE id = ?"))).isEqualTo("1=credentials.password");
    }

    @Test
    void selectProjectionsAreMappedByPosition() throws SQLException {
        Plan plan = planner.plan("SELECT r.id, r.secret AS s, c.password, c.name FROM secret_runs r JOIN credentials c ON c.id = r.id WHERE r.username = ?");
        SecretColumn[] cols = plan.results().resolve(null);
        assertThat(cols).hasSize(5);
        assertThat(cols[1]).isNull();
        assertThat(cols[2].qualifiedName()).isEqualTo("secret_runs.secret");
        assertThat(cols[3].qualifiedName()).isEqualTo("credentials.password");
        assertThat(cols[4]).isNull();
        assertThat(plan.results().resolve(null)).isSameAs(cols);
        assertThat(planner.plan("SELECT id, username FROM secret_runs WHERE secret IS NOT NULL").isPassThrough()).isTrue();
        assertThat(planner.plan("SELECT COUNT(secret), COUNT(*) FROM secret_runs").isPassThrough()).isTrue();
    }

    @Test
    void refusalsNameTheColumnAndTheConstruct() {
        assertThat(refusal("SELECT id FROM secret_runs WHERE secret = ?").getMessage())
                .isEqualTo("secret column secret_runs.secret cannot be compared with '=' in WHERE: its values are encrypted"
                        + " with a random IV, so equal plaintexts never compare equal. Filter on a non-secret column instead.");
        assertThat(refusal("SELECT id FROM secret_runs r WHERE r.api_token LIKE 'a%'").getMessage()).contains("secret_runs.api_token").contains("LIKE");
        assertThat(refusal("SELECT id FROM secret_runs WHERE secret IN ('a', 'b')").getMessage()).contains("IN");
        assertThat(refusal("SELECT id FROM secret_runs WHERE secret BETWEEN 'a' AND 'b'").getMessage()).contains("BETWEEN");
        assertThat(refusal("SELECT r.id FROM secret_runs r JOIN credentials c ON c.password = r.secret").getMessage()).contains("JOIN ... ON");
        assertThat(refusal("SELECT id FROM secret_runs ORDER BY secret").getMessage()).contains("secret_runs.secret").contains("ORDER BY");
        assertThat(refusal("SELECT secret, COUNT(*) FROM secret_runs GROUP BY secret").getMessage()).contains("GROUP BY");
        assertThat(refusal("SELECT DISTINCT secret FROM secret_runs").getMessage()).contains("DISTINCT");
        assertThat(refusal("SELECT UPPER(secret) FROM secret_runs").getMessage()).contains("UPPER()").contains("select list");
        assertThat(refusal("SELECT secret || 'x' FROM secret_runs").getMessage()).contains("concatenation");
        assertThat(refusal("UPDATE secret_runs SET secret = UPPER(?)").getMessage()).contains("secret_runs.secret").contains("UPPER()");
        assertThat(refusal("UPDATE secret_runs SET secret = username").getMessage()).contains("non-secret column username");
        assertThat(refusal("INSERT INTO credentials (id, password) SELECT id, username FROM secret_runs").getMessage())
                .contains("credentials.password").contains("non-secret column username");
        assertThat(refusal("SELECT id FROM secret_runs HAVING MAX(secret) > 'a'").getMessage()).contains("MAX()");
    }

    @Test
    void copiesBetweenSecretColumnsAreAllowed() {
        Plan copy = planner.plan("UPDATE secret_runs SET api_token = secret, secret = NULL WHERE id = 1");
        assertThat(copy.isRefused()).isFalse();
        assertThat(copy.firstSecretWrite().qualifiedName()).isEqualTo("secret_runs.api_token");
        Plan insertSelect = planner.plan("INSERT INTO credentials (id, password) SELECT id, secret FROM secret_runs WHERE id = ?");
        assertThat(insertSelect.isRefused()).isFalse();
        assertThat(secretParams(insertSelect)).isEmpty();
        assertThat(insertSelect.firstSecretWrite().qualifiedName()).isEqualTo("credentials.password");
    }

    @Test
    void starsResolveThroughMetadata() {
        Plan plan = planner.plan("SELECT * FROM secret_runs");
        assertThat(plan.results()).isInstanceOf(ResultShapes.Starred.class);
        assertThat(planner.plan("SELECT * FROM audit JOIN secret_runs ON audit.id = secret_runs.id").results())
                .isNotSameAs(ResultShape.NONE);
    }

    @Test
    void multipleStatementsAreNotHalfAnalysed() {
        assertThat(refusal("SELECT id FROM audit; UPDATE secret_runs SET secret = 'x'").getMessage()).contains("could not be analysed");
    }
}
