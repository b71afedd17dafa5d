package io.secretjdbc.sql;

import java.sql.SQLException;
import java.util.Map;

/**
 * The views that exist in the database, made by any client: the planner cannot see their definitions
 * in the SQL it is given. The JDBC layer answers from the database's catalog, on the connection that is
 * planning; {@link SecretViews} decides which of them read registry tables.
 */
@FunctionalInterface
public interface ViewCatalog {

    /** No catalog: no view is known. */
    ViewCatalog NONE = () -> Map.of();

    /**
     * @return each view's name mapped to a text that names, as whole words, every relation it reads (its
     *         definition, or the names of the relations it depends on); a null text when the definition
     *         cannot be seen (then the view is taken to read a registry table). Null when the catalog
     *         cannot be asked now (no connection lent).
     */
    Map<String, String> views() throws SQLException;
}
