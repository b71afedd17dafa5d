package io.secretjdbc.conformance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.SecretDataSource;
import io.secretjdbc.SecretDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import static io.secretjdbc.conformance.ConformanceDb.assertCiphertextOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HikariCP in front of secret-jdbc, configured the three ways users do: only {@code jdbcUrl} (with
 * {@code dataSourceProperties}), {@code jdbcUrl} plus {@code driverClassName}, and
 * {@code dataSourceClassName=io.secretjdbc.SecretDataSource} with its bean setters.
 */
class PoolConformanceTest {

    @TempDir
    static Path dir;

    /** jdbcUrl + dataSourceProperties: Hikari hands the properties to SecretDriver.connect. */
    static HikariConfig withJdbcUrl(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.secretUrl());
        if (db.user() != null) {
            config.setUsername(db.user());
            config.setPassword(db.password());
        }
        config.addDataSourceProperty("secret.key", ConformanceDb.KEY);
        config.addDataSourceProperty("secret.flows", ConformanceDb.FLOWS);
        return config;
    }

    static HikariConfig withDriverClassName(TestDatabase db) {
        HikariConfig config = withJdbcUrl(db);
        config.setDriverClassName(SecretDriver.class.getName());
        return config;
    }

    static HikariConfig withDataSourceClassName(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(SecretDataSource.class.getName());
        config.addDataSourceProperty("url", db.secretUrl());
        config.addDataSourceProperty("key", ConformanceDb.KEY);
        config.addDataSourceProperty("flows", ConformanceDb.FLOWS);
        if (db.user() != null) {
            config.addDataSourceProperty("user", db.user());
            config.addDataSourceProperty("password", db.password());
        }
        return config;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void threeHikariConfigurationsEncryptAndDecrypt(Backend backend) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        List<HikariConfig> configs = List.of(withJdbcUrl(db.db), withDriverClassName(db.db), withDataSourceClassName(db.db));
        int id = 0;
        for (HikariConfig config : configs) {
            config.setMaximumPoolSize(2);
            config.setPoolName("conformance-" + backend + "-" + id);
            String marker = "PLAIN-" + UUID.randomUUID();
            try (HikariDataSource pool = new HikariDataSource(config)) {
                id++;
                try (Connection c = pool.getConnection()) {
                    WriteReadConformanceTest.insertCredential(c, id, "pooled", marker);
                }
                // A second connection of the pool reads it back.
                try (Connection a = pool.getConnection(); Connection b = pool.getConnection();
                     PreparedStatement ps = b.prepareStatement("SELECT password FROM credentials WHERE id = ?")) {
                    assertThat(a).isNotSameAs(b);
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as(config.getPoolName()).isEqualTo(marker);
                    }
                }
            }
            assertCiphertextOf(db.stored("credentials", "password").get(id - 1), marker);
        }
    }
}
