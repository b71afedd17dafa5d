package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.config.DelegateUrl;
import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9 class 6, reference §5: {@code secret.*} parameters written into the delegate URL are ours. They
 * are read as connection properties and never reach the database; a key there fails the connection
 * and shows nowhere (message, {@code getMetaData().getURL()}).
 */
class UrlSettingsTest {

    private static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";

    @TempDir
    Path dir;
    private Path flows;

    @BeforeEach
    void flows() throws Exception {
        flows = Files.createDirectories(dir.resolve("flows"));
        Files.writeString(flows.resolve("creds.yml"),
                "id: url_creds\nnamespace: dev\ninputs:\n  - id: password\n    type: SECRET\n");
        SettingsLoader.clearCache();
    }

    @AfterEach
    void clear() {
        SettingsLoader.clearCache();
    }

    /** The URL of {@code db} through secret-jdbc with {@code params} added in the backend's own syntax. */
    private static String withParams(TestDatabase db, String... params) {
        String url = db.secretUrl();
        if (db.backend() == Backend.H2) {
            return url + ";" + String.join(";", params);
        }
        return url + (url.contains("?") ? "&" : "?") + String.join("&", params);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void flowsGivenInTheUrlAreAppliedAndNeverReachTheDatabase(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "url_settings", dir);
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE url_creds (id INT PRIMARY KEY, password VARCHAR(400))");
        }
        Properties props = db.credentials();
        props.setProperty("secret.key", KEY);
        String url = withParams(db, "secret.flows=" + flows.toString().replace(",", "%2C"), "secret.on-plaintext=fail");
        try (Connection c = DriverManager.getConnection(url, props)) {
            assertThat(c.getMetaData().getURL()).doesNotContainIgnoringCase("secret.");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO url_creds (id, password) VALUES (1, ?)")) {
                ps.setString(1, "hunter2-url");
                ps.executeUpdate();
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT password FROM url_creds")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hunter2-url");
            }
        }
        try (Connection raw = db.connectRaw();
                ResultSet rs = raw.createStatement().executeQuery("SELECT password FROM url_creds")) {
            assertThat(rs.next()).isTrue();
            assertThat(KestraReference.open(KEY, rs.getString(1))).as("encrypted, so the flows were applied")
                    .isEqualTo("hunter2-url");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKeyInTheUrlFailsTheConnectionAndIsNeverShown(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "url_settings", dir);
        Properties props = db.credentials();
        props.setProperty("secret.flows", flows.toString());
        for (String name : new String[] {"secret.key", "secret.previous-keys", "kestra.encryption.secret-key",
                "SECRET.KEY", "secret%2Ekey"}) {
            String url = withParams(db, name + "=" + KEY);
            assertThatThrownBy(() -> DriverManager.getConnection(url, props).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("is in the JDBC URL")
                    .hasMessageNotContaining(KEY)
                    .hasMessageNotContaining(db.url())
                    .satisfies(e -> assertThat(e.getCause()).isNull());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL"})
    void aMistypedUrlParameterFailsNamingTheOneItResembles(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "url_settings", dir);
        Properties props = db.credentials();
        props.setProperty("secret.key", KEY);
        props.setProperty("secret.flows", flows.toString());
        assertThatThrownBy(() -> DriverManager.getConnection(withParams(db, "secret_flows=/etc"), props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Unknown URL parameter secret_flows (did you mean secret.flows?)");
        assertThatThrownBy(() -> DriverManager.getConnection(withParams(db, "secret.flow=/etc"), props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("did you mean secret.flows?");
    }

    @Test
    void aSettingGivenInTheUrlAndAsAPropertyMustAgree() throws Exception {
        TestDatabase db = TestDatabases.fresh(Backend.SQLITE, "url_settings", dir);
        Properties props = new Properties();
        props.setProperty("secret.key", KEY);
        props.setProperty("secret.flows", flows.toString());
        assertThatThrownBy(() -> DriverManager.getConnection(withParams(db, "secret.flows=/elsewhere"), props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("secret.flows is set both in the URL and in the connection properties");
        // the same value both ways is not a conflict
        try (Connection c = DriverManager.getConnection(withParams(db, "secret.flows=" + flows), props)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void parsingKeepsEveryOtherParameterInItsPlace() throws Exception {
        assertThat(DelegateUrl.parse("jdbc:postgresql://h/db?secret.flows=/f&user=x&secret.read=mask&ssl=true").url())
                .isEqualTo("jdbc:postgresql://h/db?user=x&ssl=true");
        assertThat(DelegateUrl.parse("jdbc:postgresql://h/db?secret.flows=/f").url()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(DelegateUrl.parse("jdbc:h2:mem:x;secret.flows=/f;DB_CLOSE_DELAY=-1").url())
                .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(DelegateUrl.parse("jdbc:sqlite:/tmp/a.db").url()).isEqualTo("jdbc:sqlite:/tmp/a.db");
        DelegateUrl parsed = DelegateUrl.parse("jdbc:mariadb://h/db?secret.flows=%2Fa%2C%2Fb&x=%2F");
        assertThat(parsed.url()).isEqualTo("jdbc:mariadb://h/db?x=%2F");
        assertThat(parsed.ownParameters()).containsEntry("secret.flows", "/a,/b");
    }
}
