package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;
import io.secretjdbc.sql.Dialect;
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
    private final Dialect urlDialect;
    /** Made on the first plan, once the dialect is known (from the URL, else the database's metadata). */
    private volatile PlanCache plans;

    /** For a database whose dialect is told by its first connection's metadata (a wrapped DataSource). */
    public SecretContext(SecretSettings settings) {
        this(settings, Dialect.UNKNOWN);
    }

    /** @param dialect the database's dialect as the URL tells it; UNKNOWN asks the first connection */
    public SecretContext(SecretSettings settings, Dialect dialect) {
        this.settings = settings;
        this.crypto = new ColumnCrypto(settings);
        this.urlDialect = dialect;
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
        PlanCache plans = plansFor(connection);
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

    private PlanCache plansFor(Connection connection) {
        PlanCache p = plans;
        if (p == null) {
            synchronized (this) {
                p = plans;
                if (p == null) {
                    // A blind index lookup matches under every configured key (reference §3.1).
                    int keys = settings.keyring() == null ? 1 : settings.keyring().keyCount();
                    p = new PlanCache(new Planner(settings.registry(), tableColumns, dialectOf(connection),
                            new CatalogViews(), keys), PLAN_CACHE_SIZE);
                    plans = p;
                }
            }
        }
        return p;
    }

    /** The URL's dialect, else the product name's; UNKNOWN (the strictest reading) if neither tells. */
    private Dialect dialectOf(Connection connection) {
        if (urlDialect != Dialect.UNKNOWN || connection == null) {
            return urlDialect;
        }
        try {
            return Dialect.ofProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException | RuntimeException e) {
            return Dialect.UNKNOWN;
        }
    }

    /** After DDL: column orders and the plans made from them may be stale. */
    void schemaChanged() {
        tableColumns.clear();
        PlanCache p = plans;
        if (p != null) {
            p.clear();
        }
    }

    boolean allowUnwrap() {
        return settings.allowUnwrap();
    }
}
