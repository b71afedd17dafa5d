package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.registry.DatabaseTables;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12: the driver finds a registry table as the tools and the guard do ({@link DatabaseTables}),
 * and refuses an INSERT without a column list when two tables could be the one meant.
 */
class TableLookupTest {

    private static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";

    @TempDir
    Path dir;

    private Properties settings() throws Exception {
        Path flow = dir.resolve("lookup.yml");
        Files.writeString(flow, "id: lookup_creds\nnamespace: dev\ninputs:\n  - id: password\n    type: SECRET\n");
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        p.setProperty("secret.flows", flow.toString());
        return p;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInsertWithoutAColumnListUsesTheTableTheToolsFind(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "table_lookup", dir);
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE lookup_creds (password VARCHAR(400), id INT PRIMARY KEY)");
            assertThat(DatabaseTables.inCurrentSchema(raw, "lookup_creds")).hasSize(1)
                    .first().satisfies(t -> assertThat(t.columns()).extracting(c -> c.toLowerCase())
                            .containsExactly("password", "id"));
        }
        try (Connection c = db.connectSecret(settings()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO lookup_creds VALUES ('by-position', 1)");
        }
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement();
                ResultSet rs = s.executeQuery("SELECT password FROM lookup_creds")) {
            assertThat(rs.next()).isTrue();
            assertThat(KestraReference.open(KEY, rs.getString(1))).isEqualTo("by-position");
        }
    }

    @Test
    void twoTablesThatDifferOnlyInCaseAreResolvedAsPostgresqlResolvesTheName() throws Exception {
        // Unquoted lookup_creds is folded to lower case by PostgreSQL: the INSERT goes to that table, whose
        // order (password, id) is used, not that of "Lookup_Creds" (id, password).
        TestDatabase db = TestDatabases.fresh(Backend.POSTGRESQL, "table_lookup_case", dir);
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE lookup_creds (password TEXT, id INT)");
            s.execute("CREATE TABLE \"Lookup_Creds\" (id INT, password TEXT)");
        }
        try (Connection c = db.connectSecret(settings()); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO lookup_creds VALUES ('which-one', 1)")).isEqualTo(1);
        }
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT password, id FROM lookup_creds")) {
                assertThat(rs.next()).isTrue();
                assertThat(KestraReference.open(KEY, rs.getString(1))).isEqualTo("which-one");
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"Lookup_Creds\"")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the other table is untouched").isZero();
            }
        }
    }
}
