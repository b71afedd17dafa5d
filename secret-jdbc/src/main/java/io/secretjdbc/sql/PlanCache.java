package io.secretjdbc.sql;

import io.secretjdbc.cache.BoundedCache;

/**
 * Plans per SQL string, bounded ({@link BoundedCache}); a hit costs a hash lookup and nothing else.
 * Thread-safe.
 */
public final class PlanCache {

    /** The bound used when none is configured. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final Planner planner;
    private final BoundedCache<String, Plan> plans;

    public PlanCache(Planner planner, int maxEntries) {
        this.planner = planner;
        this.plans = new BoundedCache<>(maxEntries);
    }

    public PlanCache(Planner planner) {
        this(planner, DEFAULT_MAX_ENTRIES);
    }

    public Plan get(String sql) {
        if (sql == null) {
            return planner.plan(null);
        }
        Plan plan = plans.get(sql);
        if (plan != null) {
            return plan;
        }
        plan = planner.plan(sql);
        return plan.isCacheable() ? plans.putIfAbsent(sql, plan) : plan;
    }

    /** The cached plan for {@code sql}, or null: lets a caller prepare what a miss needs only on a miss. */
    public Plan cached(String sql) {
        return sql == null ? null : plans.get(sql);
    }

    /** Forgets every plan: after DDL, since a plan may depend on a table's column order. */
    public void clear() {
        plans.clear();
        planner.clear();
    }

    /** Number of cached plans. */
    public int size() {
        return plans.size();
    }
}
