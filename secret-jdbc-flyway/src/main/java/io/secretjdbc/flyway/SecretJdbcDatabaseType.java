package io.secretjdbc.flyway;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

import java.sql.Connection;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Lets Flyway take a {@code jdbc:secret:} URL ({@code flyway.url}, {@code Flyway.configure().dataSource(url,
 * user, password)}, Spring Boot's {@code spring.flyway.url}).
 *
 * <p>Flyway picks a database plugin by the URL before it connects ({@code DriverDataSource} asks every
 * {@link DatabaseType} found through the {@code Plugin} ServiceLoader whether it
 * {@link #handlesJDBCUrl handles} the URL, then loads the driver class that type names). No Flyway
 * plugin knows {@code jdbc:secret:}, so without this one Flyway stops with "No Flyway database plugin
 * found". This type answers for the URL and names {@code io.secretjdbc.SecretDriver}, and nothing more:
 * once connected, Flyway picks the type that does the work from the connection's
 * {@code DatabaseMetaData} (secret-jdbc reports the wrapped database's product name), so migrations
 * run with Flyway's own PostgreSQL, SQLite, MariaDB... support, through the driver. It never claims
 * a connection ({@link #handlesDatabaseProductNameAndVersion} is false), and what Flyway asks of the
 * URL's type before connecting (connection properties, whether a user is required, the parser) it
 * answers as the wrapped URL's type does, with {@code secret:} taken out of the URL.
 */
public final class SecretJdbcDatabaseType extends BaseDatabaseType {

    static final String PREFIX = "jdbc:secret:";
    static final String DRIVER = "io.secretjdbc.SecretDriver";

    @Override
    public String getName() {
        return "secret-jdbc";
    }

    /** Types.NULL: only a JdbcTemplate of this type would ask, and Flyway builds those from the connection's type. */
    @Override
    public int getNullType() {
        return Types.NULL;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return DRIVER;
    }

    /** Never: a secret-jdbc connection reports the wrapped database, whose own type then does the work. */
    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
                                                        Connection connection) {
        return false;
    }

    /** The database of the connection's type (the wrapped database's), as Flyway itself would create it. */
    @Override
    public Database createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
                                   StatementInterceptor statementInterceptor) {
        DatabaseType type = jdbcConnectionFactory.getDatabaseType();
        if (type == this || type == null) {
            throw new IllegalStateException("secret-jdbc's Flyway plugin does not run migrations itself: no Flyway"
                    + " database type answered for the wrapped database.");
        }
        return type.createDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    @Override
    public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
                               ParsingContext parsingContext) {
        DatabaseType wrapped = wrapped(configuration == null ? null : configuration.getUrl());
        if (wrapped == null) {
            throw new IllegalStateException("secret-jdbc's Flyway plugin found no Flyway database type for the"
                    + " wrapped URL: add the Flyway module of that database (e.g. flyway-database-postgresql).");
        }
        return wrapped.createParser(configuration, resourceProvider, parsingContext);
    }

    @Override
    public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
        DatabaseType wrapped = wrapped(url);
        if (wrapped != null) {
            wrapped.setDefaultConnectionProps(delegateUrl(url), props, classLoader);
        }
    }

    @Override
    public void setConfigConnectionProps(Configuration config, Properties props, ClassLoader classLoader) {
        DatabaseType wrapped = wrapped(config == null ? null : config.getUrl());
        if (wrapped != null) {
            wrapped.setConfigConnectionProps(config, props, classLoader);
        }
    }

    @Override
    public boolean detectUserRequiredByUrl(String url) {
        DatabaseType wrapped = wrapped(url);
        return wrapped == null ? super.detectUserRequiredByUrl(url) : wrapped.detectUserRequiredByUrl(delegateUrl(url));
    }

    @Override
    public boolean detectPasswordRequiredByUrl(String url) {
        DatabaseType wrapped = wrapped(url);
        return wrapped == null ? super.detectPasswordRequiredByUrl(url)
                : wrapped.detectPasswordRequiredByUrl(delegateUrl(url));
    }

    /**
     * {@code jdbc:secret:postgresql://…} → {@code jdbc:postgresql://…}: the URL secret-jdbc itself hands
     * its delegate (reference §1); anything else unchanged.
     */
    static String delegateUrl(String url) {
        if (url == null || url.length() < PREFIX.length()
                || !url.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            return url;
        }
        return "jdbc:" + url.substring(PREFIX.length());
    }

    /** The Flyway type of the wrapped URL, or null when there is no URL or no plugin answers for it. */
    private static DatabaseType wrapped(String url) {
        if (url == null) {
            return null;
        }
        String delegate = delegateUrl(url);
        if (delegate.equals(url)) {
            return null;
        }
        List<DatabaseType> types = DatabaseTypeRegister.getDatabaseTypesForUrl(delegate, null);
        return types.isEmpty() ? null : types.get(0);
    }
}
