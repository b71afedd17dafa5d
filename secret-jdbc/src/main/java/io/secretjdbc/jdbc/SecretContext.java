package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;
import io.secretjdbc.sql.Plan;
import io.secretjdbc.sql.PlanCache;
import io.secretjdbc.sql.Planner;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every wrapper of one configuration on one database shares: the settings, the value crypto, the
 * plan cache and the tables' column order. A pool's connections share one context, so each SQL string
 * is planned once.
 */
public final class SecretContext {

    static final int PLAN_CACHE_SIZE = 2048;

    private final SecretSettings settings;
    private final ColumnCrypto crypto;
    private final TableColumns tableColumns = new TableColumns();
    private final PlanCache plans;

    public SecretContext(SecretSettings settings) {
        this.settings = settings;
        this.crypto = new ColumnCrypto(settings);
        this.plans = new PlanCache(new Planner(settings.registry(), tableColumns), PLAN_CACHE_SIZE);
    }

    public SecretSettings settings() {
        return settings;
    }

    ColumnCrypto crypto() {
        return crypto;
    }

    /**
     * The plan for an SQL string, refused statements included (callers check {@link Plan#checkAllowed}).
     * On a miss, {@code connection} answers column-order questions for INSERTs without a column list.
     * Null SQL fails here, the one place every path goes through, before the delegate sees it.
     */
    Plan plan(String sql, Connection connection) throws SQLException {
        if (sql == null) {
            throw Errors.nullSql();
        }
        Plan plan = plans.cached(sql);
        if (plan != null) {
            return plan;
        }
        TableColumns.planningOn(connection);
        try {
            return plans.get(sql);
        } finally {
            TableColumns.donePlanning();
        }
    }

    /** After DDL: column orders and the plans made from them may be stale. */
    void schemaChanged() {
        tableColumns.clear();
        plans.clear();
    }

    boolean allowUnwrap() {
        return settings.allowUnwrap();
    }
}
