package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Star shapes resolved against the real ResultSetMetaData of the raw sqlite-jdbc driver. */
class ResultShapeSqliteTest {

    @TempDir
    Path dir;

    private Connection connection;
    private final Planner planner = new Planner(Registries.kestra());

    @BeforeEach
    void createTables() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shape.db"));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE secret_runs (id INTEGER PRIMARY KEY, username TEXT, secret TEXT,"
                    + " secret_output TEXT, api_token TEXT, created TEXT)");
            s.execute("CREATE TABLE credentials (id INTEGER PRIMARY KEY, name TEXT, password TEXT, note TEXT)");
            s.execute("CREATE TABLE audit (id INTEGER, msg TEXT)");
            s.execute("INSERT INTO secret_runs VALUES (1, 'u', 's', 'o', 't', 'c')");
            s.execute("INSERT INTO credentials VALUES (1, 'n', 'p', 'x')");
            s.execute("INSERT INTO audit VALUES (1, 'm')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** "label=table.column" for each decrypted column, in order. */
    private List<String> resolve(String sql) throws SQLException {
        Plan plan = planner.plan(sql);
        plan.checkAllowed();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            SecretColumn[] columns = plan.results().resolve(rs.getMetaData());
            List<String> out = new ArrayList<>();
            if (columns == null) {
                return out;
            }
            assertThat(columns).hasSize(rs.getMetaData().getColumnCount() + 1);
            for (int i = 1; i < columns.length; i++) {
                if (columns[i] != null) {
                    out.add(i + ":" + rs.getMetaData().getColumnLabel(i) + "=" + columns[i].qualifiedName());
                }
            }
            return out;
        }
    }

    @Test
    void starOverOneTable() throws SQLException {
        assertThat(resolve("SELECT * FROM secret_runs")).containsExactly(
                "3:secret=secret_runs.secret", "4:secret_output=secret_runs.secret_output", "5:api_token=secret_runs.api_token");
    }

    @Test
    void tableStarWithAliasAndFixedColumnsAround() throws SQLException {
        assertThat(resolve("SELECT c.password AS pw, r.*, c.name FROM secret_runs r JOIN credentials c ON c.id = r.id"))
                .containsExactly("1:pw=credentials.password", "4:secret=secret_runs.secret",
                        "5:secret_output=secret_runs.secret_output", "6:api_token=secret_runs.api_token");
    }

    @Test
    void starOverAJoinTellsTablesApartBySameColumnNames() throws SQLException {
        assertThat(resolve("SELECT * FROM audit a JOIN credentials c ON c.id = a.id"))
                .containsExactly("5:password=credentials.password");
        assertThat(resolve("SELECT a.*, c.* FROM audit a JOIN credentials c ON c.id = a.id"))
                .containsExactly("5:password=credentials.password");
    }

    @Test
    void starOverDerivedTableAndCte() throws SQLException {
        assertThat(resolve("SELECT * FROM (SELECT * FROM credentials) x")).containsExactly("3:password=credentials.password");
        assertThat(resolve("WITH x AS (SELECT id, password AS pw FROM credentials) SELECT * FROM x"))
                .containsExactly("2:pw=credentials.password");
        assertThat(resolve("SELECT * FROM (SELECT *, password AS pw2 FROM credentials) x"))
                .containsExactly("3:password=credentials.password", "5:pw2=credentials.password");
    }

    @Test
    void starOverPlainTableDecryptsNothing() throws SQLException {
        assertThat(resolve("SELECT a.* FROM audit a JOIN secret_runs r ON r.id = a.id")).isEmpty();
        assertThat(resolve("SELECT * FROM audit")).isEmpty();
    }

    @Test
    void explicitProjectionNeedsNoMetadataAndIsMemoised() throws SQLException {
        Plan plan = planner.plan("SELECT id, secret AS s FROM secret_runs");
        SecretColumn[] first = plan.results().resolve(null);
        assertThat(first[2].qualifiedName()).isEqualTo("secret_runs.secret");
        assertThat(plan.results().resolve(null)).isSameAs(first);
    }
}
