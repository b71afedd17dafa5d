package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;

import io.secretjdbc.testing.KestraReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reference §8: {@code guard}, {@code guard --remove}, {@code scan} reporting guards, {@code migrate --guard}. */
class GuardCommandTest {

    @TempDir
    Path dir;

    @Test
    void migrateWithGuardEncryptsThenGuardsAndARawWriteOfPlaintextIsRefused() throws Exception {
        Path db = dir.resolve("guard.db");
        TestDb.plaintextRows(db, 50);
        String flows = TestDb.flow(dir).toString();

        Cli.Result early = Cli.run("guard", "--url", TestDb.url(db), "--flows", flows);
        assertThat(early.exit()).as("refused while plaintext is there").isEqualTo(1);
        assertThat(early.err()).contains("creds.password").contains("migrate first").doesNotContain("pw-1");

        Cli.Result scanBefore = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", flows);
        assertThat(scanBefore.out()).containsPattern("creds\\s+password(\\s+\\d+){5}\\s+unguarded")
                .contains("2 secret column(s) unguarded");

        Cli.Result migrate = Cli.run("migrate", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", flows,
                "--guard", "--no-progress");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).contains("Guard installed");
        assertThatThrownBy(() -> TestDb.execute(db, "INSERT INTO creds (username, password) VALUES ('raw', 'hunter2')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("secret-jdbc guard: creds.password");
        assertThatThrownBy(() -> TestDb.execute(db, "UPDATE creds SET token = 'tk-again' WHERE id = 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("creds.token");
        TestDb.execute(db, "INSERT INTO creds (username, password) VALUES ('raw', '"
                + KestraReference.seal(TestDb.KEY, "sealed elsewhere") + "')");

        Cli.Result scan = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", flows, "--json");
        assertThat(scan.exit()).as(scan.all()).isZero();
        assertThat(JsonOutput.column(scan.out(), "creds", "password")).containsEntry("guard", "guarded");
        assertThat(JsonOutput.parse(scan.out()).getAsJsonObject().getAsJsonArray("columns")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getAsJsonObject().get("guard").getAsString()).isEqualTo("guarded"));

        Cli.Result again = Cli.run("guard", "--url", TestDb.url(db), "--flows", flows, "--json");
        assertThat(again.exit()).as("idempotent").isZero();
        assertThat(JsonOutput.column(again.out(), "creds", "password"))
                .containsEntry("guard", "sj_guard_creds_password").containsEntry("state", "guarded");

        Cli.Result removed = Cli.run("guard", "--remove", "--url", TestDb.url(db), "--flows", flows);
        assertThat(removed.exit()).as(removed.all()).isZero();
        assertThat(removed.out()).containsPattern("creds\\s+password\\s+\"creds\"\\s+sj_guard_creds_password\\s+unguarded");
        TestDb.execute(db, "INSERT INTO creds (username, password) VALUES ('raw', 'unguarded again')");
    }
}
