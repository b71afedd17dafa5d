package io.secretjdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The test support itself, without any server. */
class TestDatabasesTest {

    @TempDir
    Path tempDir;

    @Test
    void serverSettingsBecomeATestDatabase() {
        Map<String, String> settings = Map.of(
                "SECRET_JDBC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:55432/secretjdbc",
                "SECRET_JDBC_TEST_PG_USER", "u",
                "SECRET_JDBC_TEST_PG_PASSWORD", "p");

        Optional<TestDatabase> pg = TestDatabases.server(Backend.POSTGRESQL, settings::get);

        assertThat(pg).contains(new TestDatabase(Backend.POSTGRESQL,
                "jdbc:postgresql://127.0.0.1:55432/secretjdbc", "u", "p"));
        assertThat(TestDatabases.server(Backend.MARIADB, settings::get)).isEmpty();
        assertThat(TestDatabases.server(Backend.MARIADB, Map.of("SECRET_JDBC_TEST_MARIADB_URL", " ")::get)).isEmpty();
    }

    @Test
    void missingServerSkipsLocallyAndFailsInCi() {
        assertThatThrownBy(() -> TestDatabases.require(Backend.MARIADB, Optional.empty(), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("SECRET_JDBC_TEST_MARIADB_URL")
                .hasMessageContaining("scripts/test-servers.sh start");
        assertThatThrownBy(() -> TestDatabases.require(Backend.MARIADB, Optional.empty(), true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("SECRET_JDBC_TEST_MARIADB_URL");

        TestDatabase given = new TestDatabase(Backend.MARIADB, "jdbc:mariadb://h:1/d", "u", "p");
        assertThat(TestDatabases.require(Backend.MARIADB, Optional.of(given), true)).isSameAs(given);
    }

    @Test
    void withDatabaseKeepsHostPortAndParameters() {
        TestDatabase pg = new TestDatabase(Backend.POSTGRESQL, "jdbc:postgresql://h:5/a?ssl=false&x=1", "u", "p");
        TestDatabase noPath = new TestDatabase(Backend.MARIADB, "jdbc:mariadb://h:6", "u", "p");
        TestDatabase noPathParams = new TestDatabase(Backend.MARIADB, "jdbc:mariadb://h:6?x=1", "u", "p");

        assertThat(pg.withDatabase("b").url()).isEqualTo("jdbc:postgresql://h:5/b?ssl=false&x=1");
        assertThat(pg.withDatabase("b").user()).isEqualTo("u");
        assertThat(noPath.withDatabase("b").url()).isEqualTo("jdbc:mariadb://h:6/b");
        assertThat(noPathParams.withDatabase("b").url()).isEqualTo("jdbc:mariadb://h:6/b?x=1");
        assertThatThrownBy(() -> TestDatabases.h2("x").withDatabase("y")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secretUrlOnlyReplacesThePrefixAndToStringHidesThePassword() {
        TestDatabase pg = new TestDatabase(Backend.POSTGRESQL, "jdbc:postgresql://h:5/a", "u", "hunter2-password");

        assertThat(pg.secretUrl()).isEqualTo("jdbc:secret:postgresql://h:5/a");
        assertThat(TestDatabases.sqlite(Path.of("/x/app.db")).secretUrl()).isEqualTo("jdbc:secret:sqlite:/x/app.db");
        assertThat(pg.toString()).contains("jdbc:postgresql://h:5/a").doesNotContain("hunter2-password");
    }

    @Test
    void databaseNamesAreSafeOnEveryBackend() {
        assertThat(TestDatabases.databaseName("MyTest$Inner-1")).isEqualTo("sj_mytest_inner_1");
        assertThat(TestDatabases.databaseName("sj_already")).isEqualTo("sj_already");
        assertThat(TestDatabases.databaseName("x".repeat(100))).hasSize(63);
    }

    @Test
    void freshEmbeddedDatabasesStartEmpty() throws SQLException {
        for (Backend backend : new Backend[] {Backend.SQLITE, Backend.H2}) {
            TestDatabase first = TestDatabases.fresh(backend, "FreshEmbedded", tempDir);
            try (Connection connection = first.connectRaw(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE leftover (id INTEGER)");
            }
            TestDatabase again = TestDatabases.fresh(backend, "FreshEmbedded", tempDir);
            assertThat(again).isEqualTo(first);
            assertThat(tableCount(again, "LEFTOVER")).as(backend.toString()).isZero();
        }
    }

    private static int tableCount(TestDatabase database, String table) throws SQLException {
        try (Connection connection = database.connectRaw();
                ResultSet tables = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            int count = 0;
            while (tables.next()) {
                count += tables.getString("TABLE_NAME").equalsIgnoreCase(table) ? 1 : 0;
            }
            return count;
        }
    }
}
