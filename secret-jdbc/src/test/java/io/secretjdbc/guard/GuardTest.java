package io.secretjdbc.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.guard.GuardedColumn.State;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * reference §8 {@code guard} on the four backends: once installed, a RAW connection (no secret-jdbc in
 * the way) cannot store anything but NULL, empty or ciphertext-shaped text in a secret column.
 */
class GuardTest {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final SecretRegistry REGISTRY = SecretRegistry.builder()
            .secretInput("creds", "password").secretInput("creds", "api_token").plain("creds", "username")
            .secretInput("absent", "secret").build();

    @TempDir
    Path dir;

    static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static void createCreds(Connection c) throws SQLException {
        execute(c, "CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                + " api_token VARCHAR(400))");
    }

    static void insert(Connection c, int id, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO creds (id, username, password) VALUES (?, 'u', ?)")) {
            ps.setInt(1, id);
            ps.setString(2, password);
            ps.executeUpdate();
        }
    }

    static List<State> states(List<GuardedColumn> columns, String table) {
        return columns.stream().filter(c -> c.table().equals(table)).map(GuardedColumn::state).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRawWriteOfPlaintextIsRefusedOnceGuarded(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "guard_raw", dir);
        try (Connection raw = db.connectRaw()) {
            createCreds(raw);
            insert(raw, 1, KestraReference.seal(KEY, "already encrypted"));
            assertThat(states(Guard.status(raw, REGISTRY), "creds")).containsExactly(State.UNGUARDED, State.UNGUARDED);
            assertThat(states(Guard.status(raw, REGISTRY), "absent")).containsExactly(State.TABLE_MISSING);

            List<GuardedColumn> installed = Guard.install(raw, REGISTRY);
            assertThat(states(installed, "creds")).containsExactly(State.GUARDED, State.GUARDED);
            assertThat(installed).filteredOn(c -> c.table().equals("creds")).extracting(GuardedColumn::guard)
                    .containsExactly("sj_guard_creds_password", "sj_guard_creds_api_token");
            // idempotent: a second run changes nothing and fails nothing
            assertThat(states(Guard.install(raw, REGISTRY), "creds")).containsExactly(State.GUARDED, State.GUARDED);
            assertThat(states(Guard.status(raw, REGISTRY), "creds")).containsExactly(State.GUARDED, State.GUARDED);

            for (String plaintext : List.of("hunter2", "a plaintext password that is long enough to pass a length check",
                    "A".repeat(39), "A".repeat(40) + "\n", "AAAA=AAA" + "A".repeat(36), "A".repeat(41),
                    "A".repeat(37) + "===", "A".repeat(40) + " ", " " + "A".repeat(39), "AAAA-AAA_" + "A".repeat(35))) {
                assertThatThrownBy(() -> insert(raw, 2, plaintext)).as("raw insert of %s", plaintext)
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> execute(raw, "UPDATE creds SET api_token = '" + plaintext + "' WHERE id = 1"))
                        .as("raw update of %s", plaintext).isInstanceOf(SQLException.class);
            }
            // what the check accepts: NULL, empty, ciphertext, and (the documented residual) Base64-shaped text
            insert(raw, 3, null);
            insert(raw, 4, "");
            insert(raw, 5, KestraReference.seal(KEY, "x"));
            insert(raw, 6, KestraReference.seal(KEY, "a longer secret value, to be sure lengths vary"));
            insert(raw, 7, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");

            List<GuardedColumn> removed = Guard.remove(raw, REGISTRY);
            assertThat(states(removed, "creds")).containsExactly(State.UNGUARDED, State.UNGUARDED);
            assertThat(states(Guard.status(raw, REGISTRY), "creds")).containsExactly(State.UNGUARDED, State.UNGUARDED);
            insert(raw, 8, "hunter2"); // no guard, no refusal
            Guard.remove(raw, REGISTRY); // idempotent too
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void installRefusesATableThatStillHoldsPlaintextAndChangesNothing(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "guard_dirty", dir);
        try (Connection raw = db.connectRaw()) {
            createCreds(raw);
            insert(raw, 1, "plaintext-left");
            assertThatThrownBy(() -> Guard.install(raw, REGISTRY))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("creds.password")
                    .hasMessageContaining("(1 values)")
                    .hasMessageContaining("migrate")
                    .hasMessageNotContaining("plaintext-left");
            assertThat(states(Guard.status(raw, REGISTRY), "creds")).containsExactly(State.UNGUARDED, State.UNGUARDED);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writesThroughTheDriverStillWorkOnAGuardedTable(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "guard_driver", dir);
        Path flow = dir.resolve("creds.yml");
        java.nio.file.Files.writeString(flow, "id: creds\nnamespace: dev\ninputs:\n  - id: password\n    type: SECRET\n"
                + "  - id: api_token\n    type: SECRET\n  - id: username\n    type: STRING\n");
        try (Connection raw = db.connectRaw()) {
            createCreds(raw);
            Guard.install(raw, REGISTRY);
        }
        Properties settings = new Properties();
        settings.setProperty("secret.key", KEY);
        settings.setProperty("secret.flows", flow.toString());
        try (Connection c = db.connectSecret(settings)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO creds (id, username, password, api_token) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "alice");
                ps.setString(3, "p");
                ps.setString(4, "");
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE creds SET api_token = 'tok' WHERE id = 1");
            }
        }
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement();
                var rs = s.executeQuery("SELECT password, api_token FROM creds")) {
            assertThat(rs.next()).isTrue();
            assertThat(KestraReference.open(KEY, rs.getString(1))).isEqualTo("p");
            assertThat(KestraReference.open(KEY, rs.getString(2))).isEqualTo("tok");
        }
    }
}
