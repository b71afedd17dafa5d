/**
 * secret-jdbc as a named module, so that an application on the module path gets the driver's two
 * runtime dependencies resolved with it (as an automatic module it would not: JSqlParser and
 * snakeyaml-engine are explicit modules that nothing else requires). The manifest keeps
 * {@code Automatic-Module-Name: io.secretjdbc}, the same name, for tools that read only the manifest.
 *
 * <p>Exported: the driver and DataSource, and the packages an application uses in code (a registry
 * built without files, the key ring, the settings, the database-side guard). The SQL planner, the JDBC
 * wrappers and the cache are internal. The SQLite driver is not required: it is one delegate of many.
 */
module io.secretjdbc {
    requires transitive java.sql;
    requires net.sf.jsqlparser;
    requires org.snakeyaml.engine;

    exports io.secretjdbc;
    exports io.secretjdbc.config;
    exports io.secretjdbc.crypto;
    exports io.secretjdbc.guard;
    exports io.secretjdbc.registry;

    provides java.sql.Driver with io.secretjdbc.SecretDriver;
}
