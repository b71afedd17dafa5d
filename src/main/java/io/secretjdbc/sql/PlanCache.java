package io.secretjdbc.sql;

/** Plans per SQL string, bounded; a hit costs a hash lookup and nothing else. Thread-safe. */
public final class PlanCache {

    public PlanCache(Planner planner, int maxEntries) {
        throw new UnsupportedOperationException("TODO");
    }

    public Plan get(String sql) {
        throw new UnsupportedOperationException("TODO");
    }
}
