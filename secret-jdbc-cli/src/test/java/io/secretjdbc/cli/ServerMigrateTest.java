package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.crypto.ValueState;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** scan, migrate and rotate on the real PostgreSQL and MariaDB servers (skipped locally when absent). */
class ServerMigrateTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "MARIADB"})
    void migrateScanRotateAndRefusalOnAServer(Backend backend) throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliMigrate" + backend.name(), dir);
        int rows = 3_000;
        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(50), password VARCHAR(400), token VARCHAR(400))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    insert.setString(3, "pw-" + i);
                    insert.setString(4, i % 10 == 0 ? null : "tk-" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        List<String> common = new ArrayList<>(List.of("--url", database.url(), "--flows", TestDb.flow(dir).toString(), "--no-progress"));
        if (database.user() != null) {
            common.addAll(List.of("-p", "user=" + database.user(), "-p", "password=" + database.password()));
        }

        Cli.Result migrate = Cli.run(args("migrate", common, "--key", TestDb.OLD_KEY, "--batch-size", "700"));
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+3000\\s+0").containsPattern("creds\\s+token\\s+2700\\s+0\\s+0\\s+0\\s+300");
        Cli.Result again = Cli.run(args("migrate", common, "--key", TestDb.OLD_KEY));
        assertThat(again.out()).containsPattern("creds\\s+password\\s+0\\s+3000");

        String newKey = KeygenCommand.newKey();
        Cli.Result rotate = Cli.run(args("rotate", common, "--key", newKey, "--previous-keys", TestDb.OLD_KEY, "--batch-size", "450"));
        assertThat(rotate.exit()).as(rotate.all()).isZero();
        Cli.Result scan = Cli.run(args("scan", common, "--key", newKey, "--json"));
        assertThat(scan.exit()).as(scan.all()).isZero();
        assertThat(JsonOutput.column(scan.out(), "creds", "password")).containsEntry("primary", 3000L)
                .containsEntry("previous", 0L).containsEntry("plaintext", 0L);

        ReferenceCodec codec = TestDb.reference(newKey);
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password, token FROM creds ORDER BY id")) {
            while (r.next()) {
                assertThat(codec.classify(r.getString(2))).isEqualTo(ValueState.PRIMARY);
                assertThat(codec.decrypt(r.getString(2))).isEqualTo("pw-" + r.getInt(1));
            }
        }

        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nokey (password VARCHAR(400))");
        }
        java.nio.file.Files.writeString(dir.resolve("nokey.yml"), "id: nokey\nnamespace: t\ninputs:\n  - id: password\n    type: SECRET\n");
        List<String> both = new ArrayList<>(common);
        both.set(3, dir.toString());
        Cli.Result refused = Cli.run(args("migrate", both, "--key", newKey));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("nokey has no primary key");
    }

    private static String[] args(String command, List<String> common, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(common);
        all.addAll(List.of(more));
        if (command.equals("scan")) {
            all.remove("--no-progress");
        }
        return all.toArray(String[]::new);
    }
}
