package io.secretjdbc.e2e;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.SecretDataSource;
import io.secretjdbc.SecretDriver;
import io.secretjdbc.recording.RecordingDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.decryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry points of reference §2: the driver, the DataSource bean and wrapper, and HikariCP on top. */
class DriverAndPoolTest {

    @TempDir
    Path dir;
    SqliteFixture db;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteFixture(dir);
        db.createTables();
    }

    @Test
    void driverIsRegisteredAndAcceptsOnlySecretUrls() throws Exception {
        Driver driver = DriverManager.getDriver("jdbc:secret:sqlite::memory:");
        assertThat(driver).isInstanceOf(SecretDriver.class);
        assertThat(driver.acceptsURL("jdbc:sqlite:x.db")).isFalse();
        assertThat(driver.acceptsURL("jdbc:secret:postgresql://h/db")).isTrue();
        assertThat(driver.connect("jdbc:sqlite:" + db.db, new Properties())).isNull();
    }

    @Test
    void prefixIsRemovedOnceAndSecretPropertiesNeverReachTheDelegate() throws Exception {
        RecordingDriver.clear();
        // A path that contains the prefix text again must survive: only the leading prefix goes.
        Path odd = dir.resolve("jdbc:secret:odd.db");
        Properties props = SqliteFixture.props(KEY);
        try (Connection c = DriverManager.getConnection("jdbc:secret:recording:sqlite:" + odd, props)) {
            c.createStatement().execute("CREATE TABLE t (a TEXT)");
        }
        assertThat(odd).exists();
        assertThat(RecordingDriver.seen()).noneMatch(s -> s.contains(KEY));
        assertThat(props.getProperty("secret.key")).as("caller's properties untouched").isEqualTo(KEY);
    }

    @Test
    void propertyInfoListsOurSettingsWithoutValues() throws Exception {
        DriverPropertyInfo[] info = new SecretDriver().getPropertyInfo("jdbc:secret:sqlite:" + dir.resolve("x.db"), SqliteFixture.props(KEY));
        assertThat(Arrays.stream(info).map(i -> i.name)).contains("secret.key", "secret.flows", "secret.read");
        assertThat(Arrays.stream(info).map(i -> String.valueOf(i.value))).noneMatch(v -> v.contains(KEY));
    }

    @Test
    void secretDataSourceBeanAndWrap() throws Exception {
        SecretDataSource ds = new SecretDataSource();
        ds.setUrl(db.secretUrl());
        ds.setKey(KEY);
        ds.setFlows(SqliteFixture.FLOWS);
        String marker = "DS-" + UUID.randomUUID();
        try (Connection c = ds.getConnection(); PreparedStatement ps =
                c.prepareStatement("INSERT INTO secret_runs (id, secret) VALUES (1, ?)")) {
            ps.setString(1, marker);
            ps.executeUpdate();
        }
        assertThat(ds.toString()).doesNotContain(KEY);
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("secret_runs", "secret").get(0))).isEqualTo(marker);

        org.sqlite.SQLiteDataSource rawDs = new org.sqlite.SQLiteDataSource();
        rawDs.setUrl(db.rawUrl());
        Properties secret = new Properties();
        secret.setProperty("secret.key", KEY);
        secret.setProperty("secret.flows", SqliteFixture.FLOWS);
        DataSource wrapped = SecretDataSource.wrap(rawDs, secret);
        try (Connection c = wrapped.getConnection(); ResultSet rs =
                c.createStatement().executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(marker);
        }
        assertThatThrownBy(() -> wrapped.unwrap(org.sqlite.SQLiteDataSource.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void hikariWithOnlyJdbcUrlAndDataSourcePropertiesUnderFourThreads() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.secretUrl());
        config.addDataSourceProperty("secret.key", KEY);
        config.addDataSourceProperty("secret.flows", SqliteFixture.FLOWS);
        config.addDataSourceProperty("busy_timeout", "30000");
        config.setMaximumPoolSize(4);
        try (Connection c = DriverManager.getConnection(db.rawUrl())) {
            c.createStatement().execute("PRAGMA journal_mode=WAL");
        }
        String marker = "POOL-" + UUID.randomUUID();
        RecordingDriver.clear();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        int id = thread * 1000 + i;
                        String value = marker + "-" + id;
                        try (Connection c = pool.getConnection()) {
                            try (PreparedStatement ps = c.prepareStatement(
                                    "INSERT INTO secret_runs (id, username, secret) VALUES (?, ?, ?)")) {
                                ps.setInt(1, id);
                                ps.setString(2, "user" + id);
                                ps.setString(3, value);
                                ps.executeUpdate();
                            }
                            try (PreparedStatement ps = c.prepareStatement(
                                    "SELECT secret, username FROM secret_runs WHERE id = ?")) {
                                ps.setInt(1, id);
                                try (ResultSet rs = ps.executeQuery()) {
                                    assertThat(rs.next()).isTrue();
                                    assertThat(rs.getString(1)).isEqualTo(value);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            threads.shutdown();
        }
        assertThat(db.stored("secret_runs", "secret")).hasSize(200).allSatisfy(v -> assertThat(v).doesNotContain(marker));
        assertThat(RecordingDriver.sightingsOf(marker)).isEmpty();
    }

    @Test
    void hikariWithDataSourceClassName() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(SecretDataSource.class.getName());
        config.addDataSourceProperty("url", db.secretUrl());
        config.addDataSourceProperty("key", KEY);
        config.addDataSourceProperty("flows", SqliteFixture.FLOWS);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, 'via-hikari')");
            try (ResultSet rs = s.executeQuery("SELECT secret FROM secret_runs")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("via-hikari");
            }
        }
        assertThat(db.stored("secret_runs", "secret").get(0)).isNotEqualTo("via-hikari");
    }
}
