package io.secretjdbc.compat;

import io.secretjdbc.SecretDataSource;
import io.secretjdbc.testing.Backend;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

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
