package io.secretjdbc.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers that are part of a parameter (?2, $2) or of a name decide which parameter is secret: two
 * strings that differ only there must never share an analysis through the shape cache.
 */
class PlanShapeParameterTest {

    private static PlanCache cache() {
        return new PlanCache(new Planner(Registries.kestra()));
    }

    @Test
    void numberedParametersInAnotherOrderAreNotTheSameShape() {
        PlanCache plans = cache();
        Plan first = plans.get("INSERT INTO secret_runs (username, secret) VALUES (?1, ?2)");
        Plan swapped = plans.get("INSERT INTO secret_runs (username, secret) VALUES (?2, ?1)");
        assertThat(first.secretParameter(2)).isNotNull();
        assertThat(first.secretParameter(1)).isNull();
        assertThat(swapped.secretParameter(1)).isNotNull();
        assertThat(swapped.secretParameter(2)).isNull();
    }

    @Test
    void dollarParametersInAnotherOrderAreNotTheSameShape() {
        PlanCache plans = cache();
        Plan first = plans.get("UPDATE secret_runs SET username = $1, secret = $2 WHERE id = 7");
        Plan swapped = plans.get("UPDATE secret_runs SET username = $2, secret = $1 WHERE id = 8");
        assertThat(first.secretParameter(2)).isNotNull();
        if (!swapped.isRefused()) {
            assertThat(swapped.secretParameter(1)).isNotNull();
            assertThat(swapped.secretParameter(2)).isNull();
        }
    }

    @Test
    void digitsInsideNamesAreNotLiterals() {
        PlanCache plans = cache();
        Plan plain = plans.get("SELECT t1.username FROM secret_runs t1 JOIN credentials t2 ON t2.id = t1.id");
        Plan secret = plans.get("SELECT t2.password FROM secret_runs t1 JOIN credentials t2 ON t2.id = t1.id");
        assertThat(plain.results()).isSameAs(ResultShape.NONE);
        assertThat(secret.results()).isNotSameAs(ResultShape.NONE);
    }

    @Test
    void literalValuesChangeNothingButTheRenderedCiphertextPlaces() {
        PlanCache plans = cache();
        Plan a = plans.get("INSERT INTO credentials (id, name, password) VALUES (1, 'n', 'pw-a')");
        Plan b = plans.get("INSERT INTO credentials (id, name, password) VALUES (22, 'longer name', 'pw-bbbbbb')");
        assertThat(a.render(v -> "<" + v + ">")).isEqualTo("INSERT INTO credentials (id, name, password) VALUES (1, 'n', '<pw-a>')");
        assertThat(b.render(v -> "<" + v + ">"))
                .isEqualTo("INSERT INTO credentials (id, name, password) VALUES (22, 'longer name', '<pw-bbbbbb>')");
    }
}
