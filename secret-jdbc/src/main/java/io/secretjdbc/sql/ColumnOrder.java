package io.secretjdbc.sql;

import java.sql.SQLException;
import java.util.List;

/**
 * The columns of a table in their declared order, for {@code INSERT INTO t VALUES (...)} without a
 * column list. The JDBC layer answers it from {@code DatabaseMetaData}; the planner calls it only when
 * such an INSERT targets a registry table.
 */
@FunctionalInterface
public interface ColumnOrder {

    /** @param table the table name as written in the SQL (possibly quoted or qualified) */
    List<String> columns(String table) throws SQLException;
}
