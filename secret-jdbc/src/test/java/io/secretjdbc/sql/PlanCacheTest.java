package io.secretjdbc.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanCacheTest {

    @Test
    void hitReturnsTheSamePlan() {
        PlanCache cache = new PlanCache(new Planner(Registries.kestra()), 16);
        Plan first = cache.get("INSERT INTO credentials (id, password) VALUES (?, ?)");
        assertThat(cache.get("INSERT INTO credentials (id, password) VALUES (?, ?)")).isSameAs(first);
        Plan refused = cache.get("SELECT id FROM credentials WHERE password = ?");
        assertThat(refused.isRefused()).isTrue();
        assertThat(cache.get("SELECT id FROM credentials WHERE password = ?")).isSameAs(refused);
    }

    @Test
    void sizeStaysBounded() {
        PlanCache cache = new PlanCache(new Planner(Registries.kestra()), 50);
        for (int i = 0; i < 1000; i++) {
            cache.get("SELECT id FROM secret_runs WHERE id = " + i);
            cache.get("SELECT msg FROM audit WHERE id = " + i);
            assertThat(cache.size()).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void failedColumnLookupIsNotCachedAndClearForgetsPlans() {
        AtomicInteger calls = new AtomicInteger();
        Planner planner = new Planner(Registries.kestra(), table -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.sql.SQLException("no such table");
            }
            return List.of("id", "name", "password", "note");
        });
        PlanCache cache = new PlanCache(planner, 16);
        String sql = "INSERT INTO credentials VALUES (?, ?, ?, ?)";
        assertThat(cache.get(sql).isRefused()).isTrue();
        Plan second = cache.get(sql);
        assertThat(second.isRefused()).isFalse();
        assertThat(second.secretParameter(3).qualifiedName()).isEqualTo("credentials.password");
        assertThat(cache.get(sql)).isSameAs(second);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.get(sql)).isNotSameAs(second);
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new PlanCache(new Planner(Registries.kestra()), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
