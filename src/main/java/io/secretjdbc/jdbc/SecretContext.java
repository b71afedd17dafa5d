package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;
import io.secretjdbc.sql.Plan;
import io.secretjdbc.sql.PlanCache;
import io.secretjdbc.sql.Planner;

/**
 * What every wrapper of one configuration shares: the settings, the value crypto and the plan cache.
 * One context serves all connections made with the same settings, so a pool plans each SQL string once.
 */
public final class SecretContext {

    static final int PLAN_CACHE_SIZE = 2048;

    private final SecretSettings settings;
    private final ColumnCrypto crypto;
    private final PlanCache plans;

    public SecretContext(SecretSettings settings) {
        this.settings = settings;
        this.crypto = new ColumnCrypto(settings);
        this.plans = new PlanCache(new Planner(settings.registry()), PLAN_CACHE_SIZE);
    }

    public SecretSettings settings() {
        return settings;
    }

    ColumnCrypto crypto() {
        return crypto;
    }

    /** The plan for an SQL string, refused statements included (callers check {@link Plan#checkAllowed}). */
    Plan plan(String sql) {
        return plans.get(sql);
    }

    boolean allowUnwrap() {
        return settings.allowUnwrap();
    }
}
