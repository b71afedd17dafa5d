package io.secretjdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The real servers that {@code scripts/test-servers.sh} starts are the ones the project promises to
 * support: PostgreSQL 15, MariaDB 10.11 in strict mode, both speaking UTF-8 (utf8mb4). Talks to them
 * with the raw pgjdbc and MariaDB Connector/J drivers, no secret-jdbc involved.
 */
class TestServersSmokeTest {

    private static final String UNICODE = "héllo wörld ✓ 日本語 🔐";

    @Test
    void postgresqlIsVersion15AndStoresUnicode() throws SQLException {
        TestDatabase database = TestDatabases.freshPostgres("TestServersSmokePg");

        try (Connection connection = new org.postgresql.Driver().connect(database.url(), database.credentials())) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(single(connection, "SHOW server_version")).startsWith("15.");
            assertThat(single(connection, "SHOW server_encoding")).isEqualTo("UTF8");
            assertThat(single(connection, "SELECT current_database()")).isEqualTo("sj_testserverssmokepg");
            assertThat(roundTrip(connection, "TEXT")).isEqualTo(UNICODE);
        }
    }

    @Test
    void mariadbIsVersion10_11InStrictModeWithUtf8mb4() throws SQLException {
        TestDatabase database = TestDatabases.freshMariadb("TestServersSmokeMariadb");

        try (Connection connection = new org.mariadb.jdbc.Driver().connect(database.url(), database.credentials())) {
            assertThat(single(connection, "SELECT VERSION()")).startsWith("10.11.").contains("MariaDB");
            assertThat(single(connection, "SELECT @@SESSION.sql_mode")).contains("STRICT_TRANS_TABLES");
            assertThat(single(connection, "SELECT @@character_set_database")).isEqualTo("utf8mb4");
            assertThat(roundTrip(connection, "TEXT")).isEqualTo(UNICODE);

            // What strict mode means for secret-jdbc: a too-long value is refused, never truncated.
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE short_column (v VARCHAR(3))");
                assertThatThrownBy(() -> statement.execute("INSERT INTO short_column VALUES ('abcd')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("too long");
            }
        }
    }

    @Test
    void freshServerDatabasesDoNotShareTables() throws SQLException {
        for (Backend backend : new Backend[] {Backend.POSTGRESQL, Backend.MARIADB}) {
            TestDatabase first = TestDatabases.fresh(backend, "SmokeIsolationA", null);
            TestDatabase other = TestDatabases.fresh(backend, "SmokeIsolationB", null);
            try (Connection connection = first.connectRaw(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE only_in_a (id INTEGER)");
                statement.execute("INSERT INTO only_in_a VALUES (1)");
            }

            assertThat(canSelect(first, "only_in_a")).as(backend + " first database").isTrue();
            assertThat(canSelect(other, "only_in_a")).as(backend + " other database").isFalse();
            TestDatabase recreated = TestDatabases.fresh(backend, "SmokeIsolationA", null);
            assertThat(canSelect(recreated, "only_in_a")).as(backend + " recreated database").isFalse();
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        TestDatabase pg = TestDatabases.requirePostgres();
        Properties wrong = pg.credentials();
        wrong.setProperty("password", "not-the-password");

        assertThatThrownBy(() -> new org.postgresql.Driver().connect(pg.url(), wrong).close())
                .isInstanceOf(SQLException.class);
    }

    private static String roundTrip(Connection connection, String columnType) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE round_trip (v " + columnType + ")");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO round_trip (v) VALUES (?)")) {
            insert.setString(1, UNICODE);
            insert.executeUpdate();
        }
        return single(connection, "SELECT v FROM round_trip");
    }

    private static boolean canSelect(TestDatabase database, String table) throws SQLException {
        try (Connection connection = database.connectRaw(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT COUNT(*) FROM " + table).close();
            return true;
        } catch (SQLException missingTable) {
            return false;
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from " + sql).isTrue();
            return result.getString(1);
        }
    }
}
