package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Which columns of a result set come from secret columns. Planned once per SQL string; resolved
 * against the result's metadata when a {@code *} or {@code t.*} has to be expanded.
 */
public interface ResultShape {

    /** The shape of a statement whose results never hold a secret column. */
    ResultShape NONE = metaData -> null;

    /**
     * The secret column behind each result column, or null when there is none at all.
     *
     * @return null if no result column is secret (the common, allocation-free case); otherwise an
     * array of {@code getColumnCount() + 1} entries indexed by JDBC column index (entry 0 unused),
     * null for plain columns
     */
    SecretColumn[] resolve(ResultSetMetaData metaData) throws SQLException;

    /**
     * False when {@link #resolve} does not look at the metadata (no {@code *} to expand), so that the
     * caller can pass null and skip {@code getMetaData()}: pgjdbc and MariaDB build a new metadata object
     * on every call, which a point select would pay per execution.
     */
    default boolean readsMetaData() {
        return true;
    }
}
