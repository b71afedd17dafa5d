package io.secretjdbc.sql;

import java.sql.SQLException;
import java.util.List;

/**
 * The columns of a table in their declared order, for {@code INSERT INTO t VALUES (...)} without a
 * column list, and its primary key. The JDBC layer answers both from {@code DatabaseMetaData}; the
 * planner calls them only for such an INSERT into, or a DISTINCT over, a registry table.
 */
@FunctionalInterface
public interface ColumnOrder {

    /** @param table the table name as written in the SQL (possibly quoted or qualified) */
    List<String> columns(String table) throws SQLException;

    /**
     * The columns of the table's primary key (empty when it has none or it is unknown), which make
     * {@code SELECT DISTINCT} over them and more a no-op (Hibernate's {@code select distinct e}).
     *
     * @param table the table name as written in the SQL (possibly quoted or qualified)
     */
    default List<String> primaryKey(String table) throws SQLException {
        return List.of();
    }
}
