package io.secretjdbc.sql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statements that differ only in literal values share one analysis ({@link SqlText#shape()}); each
 * still gets a plan of its own text, and whatever the analysis reads of a literal's value keeps the
 * statements apart.
 */
class PlanShapeTest {

    @Test
    void shapeHidesLiteralValuesAndIntegersOnly() {
        assertThat(SqlText.lex("SELECT t1.a FROM t1 WHERE id IN (12, ?) AND x = 'it''s' -- 5\n").shape())
                .isEqualTo("SELECT t1.a FROM t1 WHERE id IN (0, ?) AND x = 'v'  "); // a comment is one space
        assertThat(SqlText.lex("SELECT 1.5, 1e5, 0x1F, ?2, $3, :4, @5, #6, \"7\", [8], x[9] FROM t").shape())
                .isEqualTo("SELECT 1.5, 1e5, 0x1F, ?2, $3, :4, @5, #6, \"7\", [8], x[0] FROM t");
        assertThat(SqlText.lex("VALUES ('', 'a\\b', 'c', -42)").shape()).isEqualTo("VALUES ('e', 'b', 'v', -0)");
    }

    @Test
    void statementsOfOneShapeGetPlansOfTheirOwnText() {
        Planner planner = new Planner(Registries.kestra());
        Plan first = planner.plan("INSERT INTO secret_runs (id, username, secret) VALUES (1, 'ann', 'one')");
        Plan second = planner.plan("INSERT INTO secret_runs (id, username, secret) VALUES (20, 'bob', 'second')");
        assertThat(first.render(v -> "<" + v + ">"))
                .isEqualTo("INSERT INTO secret_runs (id, username, secret) VALUES (1, 'ann', '<one>')");
        assertThat(second.render(v -> "<" + v + ">"))
                .isEqualTo("INSERT INTO secret_runs (id, username, secret) VALUES (20, 'bob', '<second>')");
        assertThat(second.sql()).endsWith("'second')");
        assertThat(second.firstSecretWrite().qualifiedName()).isEqualTo("secret_runs.secret");
    }

    @Test
    void emptyAndBackslashLiteralsAreOtherShapes() throws Exception {
        Planner planner = new Planner(Registries.kestra());
        assertThat(planner.plan("UPDATE credentials SET password = 'x' WHERE id = 1").secretLiteralCount()).isEqualTo(1);
        assertThat(planner.plan("UPDATE credentials SET password = '' WHERE id = 1").secretLiteralCount()).isZero();
        assertThat(planner.plan("UPDATE credentials SET password = 'a\\b' WHERE id = 1").isRefused()).isTrue();
        assertThat(planner.plan("UPDATE credentials SET password = 'y' WHERE id = 2").secretLiteralCount()).isEqualTo(1);
    }

    @Test
    void anOrdinalIsReadByValueSoItsStatementsAreNotShared() {
        Planner planner = new Planner(Registries.kestra());
        for (int round = 0; round < 2; round++) {
            assertThat(planner.plan("SELECT id, secret FROM secret_runs ORDER BY 1").isRefused()).isFalse();
            assertThat(planner.plan("SELECT id, secret FROM secret_runs ORDER BY 2").isRefused()).isTrue();
            assertThat(planner.plan("SELECT id, secret FROM secret_runs GROUP BY 2").isRefused()).isTrue();
            assertThat(planner.plan("SELECT id, secret FROM secret_runs GROUP BY 1").isRefused()).isFalse();
        }
    }

    @Test
    void theTableALiteralMentionsIsPartOfTheShape() {
        // One shape, but the refusal names the table the text mentions, here only inside the literal.
        Planner planner = new Planner(Registries.kestra());
        assertThatThrownBy(planner.plan("VACUUM INTO 'secret_runs.db'")::checkAllowed).hasMessageContaining("secret_runs");
        assertThatThrownBy(planner.plan("VACUUM INTO 'credentials.db'")::checkAllowed)
                .hasMessageContaining("credentials").hasMessageNotContaining("secret_runs");
    }

    @Test
    void clearForgetsShapesLearntFromTheColumnOrder() {
        List<String> order = new ArrayList<>(List.of("id", "secret", "username"));
        PlanCache cache = new PlanCache(new Planner(Registries.kestra(), table -> List.copyOf(order)), 16);
        assertThat(cache.get("INSERT INTO secret_runs VALUES (1, ?, 'a')").secretParameter(1)).isNotNull();
        order.set(1, "username");
        order.set(2, "secret");
        cache.clear();
        Plan after = cache.get("INSERT INTO secret_runs VALUES (2, ?, 'b')");
        assertThat(after.secretParameter(1)).isNull();
        assertThat(after.secretLiteralCount()).isEqualTo(1);
    }
}
