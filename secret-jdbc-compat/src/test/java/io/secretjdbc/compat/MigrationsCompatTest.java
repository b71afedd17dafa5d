package io.secretjdbc.compat;

import io.secretjdbc.SecretDataSource;
import io.secretjdbc.testing.Backend;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import io.secretjdbc.flyway.SecretJdbcDatabaseType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway 11 and Liquibase 4 migrations that create the schema and insert and update secret values as
 * SQL literals, run through secret-jdbc: each literal is stored as ciphertext.
 */
class MigrationsCompatTest {

    @TempDir
    Path dir;

    /** What an application hands Flyway or Liquibase: secret-jdbc's DataSource over the delegate URL. */
    private static SecretDataSource dataSource(CompatDb db) {
        SecretDataSource ds = new SecretDataSource();
        ds.setUrl(db.url());
        if (db.user() != null) {
            ds.setUser(db.user());
            ds.setPassword(db.password());
        }
        ds.setKey(CompatDb.KEY);
        ds.setFlows(CompatDb.FLOWS);
        return ds;
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void flywayThroughTheDataSource(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_flyway", dir);
        var result = Flyway.configure().dataSource(dataSource(db)).locations("classpath:compat/flyway").load().migrate();
        assertThat(result.migrationsExecuted).isEqualTo(3);
        assertMigrated(db, "flyw4y");
    }

    /**
     * {@code Flyway.configure().dataSource(url, user, password)} with a {@code jdbc:secret:} URL, the
     * settings as JDBC properties: Flyway finds secret-jdbc-flyway's plugin by the URL, loads
     * SecretDriver, then migrates with its own support for the wrapped database. Over the recording
     * delegate, so the marker is checked against everything sent.
     */
    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void flywayByUrl(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_flyway_url", dir);
        var result = Flyway.configure()
                .jdbcProperties(Map.of("secret.key", CompatDb.KEY, "secret.flows", CompatDb.FLOWS))
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:compat/flyway").load().migrate();
        assertThat(result.migrationsExecuted).isEqualTo(3);
        assertThat(result.databaseType).as("Flyway's own type for the wrapped database ran the migrations")
                .isEqualTo(flywayName(backend));
        assertMigrated(db, "flyw4y");
    }

    /**
     * The way flyway.conf, the command line and environment configure it: {@code flyway.url} a plain
     * {@code jdbc:secret:} URL (no recording delegate, so the plugin's answers for the wrapped URL, e.g.
     * PostgreSQL's connection properties, are taken), the settings as {@code flyway.jdbcProperties.*}.
     */
    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void flywayByConfigurationProperties(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_flyway_conf", dir);
        String url = "jdbc:secret:" + db.database().url().substring("jdbc:".length());
        Map<String, String> conf = new HashMap<>(Map.of("flyway.url", url, "flyway.locations", "classpath:compat/flyway",
                "flyway.jdbcProperties.secret.key", CompatDb.KEY, "flyway.jdbcProperties.secret.flows", CompatDb.FLOWS));
        if (db.user() != null) {
            conf.put("flyway.user", db.user());
            conf.put("flyway.password", db.password());
        }
        var result = Flyway.configure().configuration(conf).load().migrate();
        assertThat(result.migrationsExecuted).isEqualTo(3);
        assertThat(result.databaseType).isEqualTo(flywayName(backend));
        assertMigrated(db, "flyw4y");
    }

    /**
     * The plugin is what answers for the URL before connecting, and nothing else does; it claims no
     * connection; what it says of the URL is what the wrapped database's type says.
     */
    @Test
    void thePluginAnswersForSecretUrlsOnly() {
        String url = "jdbc:secret:postgresql://db.example:5432/app";
        assertThat(DatabaseTypeRegister.getDatabaseTypesForUrl(url, null)).singleElement()
                .isInstanceOf(SecretJdbcDatabaseType.class)
                .satisfies(t -> assertThat(t.getDriverClass(url, getClass().getClassLoader()))
                        .isEqualTo("io.secretjdbc.SecretDriver"));
        assertThat(DatabaseTypeRegister.getDatabaseTypesForUrl("jdbc:postgresql://db.example:5432/app", null))
                .noneMatch(SecretJdbcDatabaseType.class::isInstance);
        SecretJdbcDatabaseType plugin = new SecretJdbcDatabaseType();
        assertThat(plugin.handlesDatabaseProductNameAndVersion("PostgreSQL", "15.0", null)).isFalse();
        Properties mine = new Properties();
        Properties postgres = new Properties();
        plugin.setDefaultConnectionProps(url, mine, getClass().getClassLoader());
        DatabaseTypeRegister.getDatabaseTypeForUrl("jdbc:postgresql://db.example:5432/app", null)
                .setDefaultConnectionProps("jdbc:postgresql://db.example:5432/app", postgres, getClass().getClassLoader());
        assertThat(postgres).as("PostgreSQL's type sets connection properties").isNotEmpty();
        assertThat(mine).isEqualTo(postgres);
    }

    /** The name of Flyway's database type for each backend, as Flyway reports it in a MigrateResult. */
    private static String flywayName(Backend backend) {
        return switch (backend) {
            case SQLITE -> "SQLite";
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB";
            case H2 -> "H2";
        };
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void liquibaseThroughAConnection(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_liquibase", dir);
        try (Connection c = dataSource(db).getConnection()) {
            @SuppressWarnings("deprecation") // the Liquibase facade: what most applications still call
            Liquibase liquibase = new Liquibase("compat/liquibase/changelog.yml", new ClassLoaderResourceAccessor(),
                    new JdbcConnection(c));
            liquibase.update("");
        }
        try (Connection c = dataSource(db).getConnection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, password, api_token FROM user_credentials ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("password")).isEqualTo("pw-alice-n3w-l1qb");
            assertThat(rs.getString("api_token")).isEqualTo("tok-alice-l1qb");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("api_token")).isEqualTo("tok-bob-l1qb");
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-alice-n3w-l1qb").containsEntry("api_token", "tok-alice-l1qb");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 2, "password", "api_token"))
                .containsEntry("password", "pw-bob-l1qb").containsEntry("api_token", "tok-bob-l1qb");
        CompatDb.assertNeverSent("l1qb");
    }

    private static void assertMigrated(CompatDb db, String marker) throws Exception {
        try (Connection c = db.connect(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, password, api_token FROM user_credentials ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("password")).isEqualTo("pw-alice-n3w-" + marker);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("password")).isEqualTo("pw-bob-" + marker);
            assertThat(rs.getString("api_token")).isNull();
            assertThat(rs.next()).as("row 3 deleted").isFalse();
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-alice-n3w-" + marker).containsEntry("api_token", "tok-alice-n3w-" + marker);
        assertThat(Ciphertexts.openRow(db, "user_credentials", 2, "password")).containsEntry("password", "pw-bob-" + marker);
        CompatDb.assertNeverSent(marker);
    }
}
