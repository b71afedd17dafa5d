package io.secretjdbc.sql;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans per SQL string, bounded; a hit costs a hash lookup and nothing else. Thread-safe.
 *
 * <p>When full, an arbitrary tenth of the entries is dropped: cheaper than LRU bookkeeping on every
 * hit, and an application's working set of distinct SQL strings is normally far below the bound.
 */
public final class PlanCache {

    /** The bound used when none is configured. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final Planner planner;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Plan> plans;

    public PlanCache(Planner planner, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.planner = planner;
        this.maxEntries = maxEntries;
        this.plans = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
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
        if (plan.isCacheable()) {
            if (plans.size() >= maxEntries) {
                evict();
            }
            Plan raced = plans.putIfAbsent(sql, plan);
            return raced != null ? raced : plan;
        }
        return plan;
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

    private void evict() {
        int toDrop = Math.max(1, maxEntries / 10);
        var keys = plans.keySet().iterator();
        while (toDrop-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
