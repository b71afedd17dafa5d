package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.secretjdbc.testing.ReferenceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndQueryTest {

    @TempDir
    Path dir;

    @Test
    void demoShowsPlaintextBesideTheCiphertextActuallyStoredAndARefusal() throws Exception {
        Path db = dir.resolve("demo.db");
        Cli.Result result = Cli.run("demo", "--db", db.toString(), "--key", TestDb.KEY);
        assertThat(result.exit()).as(result.all()).isZero();
        assertThat(result.out()).contains("the configured key").contains("correct-horse-battery").contains("tok_bob_52e1d0")
                .contains("SQLException").doesNotContain("NOT refused");
        assertThat(result.out()).doesNotContain(TestDb.KEY);

        ReferenceCodec codec = TestDb.reference(TestDb.KEY);
        try (var c = TestDb.raw(db); var s = c.createStatement();
             var rows = s.executeQuery("SELECT username, password, api_token FROM user_credentials ORDER BY id")) {
            int n = 0;
            while (rows.next()) {
                n++;
                String storedPassword = rows.getString(2);
                assertThat(result.out()).contains(storedPassword).contains(rows.getString(3));
                assertThat(storedPassword).doesNotContain("correct-horse").doesNotContain("hunter2");
                if (rows.getString(1).equals("bob")) {
                    assertThat(codec.decrypt(storedPassword)).isEqualTo("hunter2");
                }
            }
            assertThat(n).isEqualTo(3);
        }
        // twice on the same file works: the demo table is recreated
        assertThat(Cli.run("demo", "--db", db.toString(), "--key", TestDb.KEY).exit()).isZero();
    }

    @Test
    void demoWithoutAKeyGeneratesOneAndSaysSo() {
        Cli.Result result = Cli.run("demo");
        assertThat(result.exit()).as(result.all()).isZero();
        assertThat(result.out()).contains("generated").contains("(temporary)").contains("hunter2");
    }

    @Test
    void queryWritesThroughTheDriverAndPrintsTableCsvAndJson() throws Exception {
        Path db = dir.resolve("q.db");
        String flows = TestDb.flow(dir).toString();
        String[] common = {"--url", "sqlite:" + db, "--key", TestDb.KEY, "--flows", flows};
        assertThat(run(common, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)").exit()).isZero();
        Cli.Result insert = run(common, "INSERT INTO creds (username, password, token) VALUES ('ann', 'open sesame', NULL), ('ben', 'x,\"y\"', '')");
        assertThat(insert.exit()).as(insert.all()).isZero();
        assertThat(insert.out()).contains("2 rows affected");
        assertThat(TestDb.reference(TestDb.KEY).decrypt(TestDb.stored(db).get(1)[0])).isEqualTo("open sesame");

        Cli.Result table = run(common, "SELECT id, username, password, token FROM creds ORDER BY id");
        assertThat(table.exit()).as(table.all()).isZero();
        assertThat(table.out()).containsPattern("id\\s+username\\s+password\\s+token")
                .containsPattern("1\\s+ann\\s+open sesame\\s+NULL").contains("(2 rows)");

        Cli.Result csv = run(common, "--format", "csv", "SELECT username, password, token FROM creds ORDER BY id");
        assertThat(csv.out()).isEqualTo("username,password,token\nann,open sesame,\nben,\"x,\"\"y\"\"\",\n");

        Cli.Result json = run(common, "--format", "json", "SELECT id, password FROM creds ORDER BY id");
        assertThat(JsonOutput.rows(json.out())).containsExactly(
                Map.of("id", 1L, "password", "open sesame"), Map.of("id", 2L, "password", "x,\"y\""));

        Cli.Result refused = run(common, "SELECT id FROM creds WHERE password = 'open sesame'");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().lines()).hasSize(1);
    }

    @Test
    void queryWithoutKeyFailsWithKestrasMessage() throws Exception {
        Path db = dir.resolve("nokey.db");
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
        Cli.Result result = Cli.run("", Map.of(), "query", "--url", "jdbc:sqlite:" + db, "--flows", TestDb.flow(dir).toString(),
                "INSERT INTO creds (password) VALUES ('p')");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("Unable to use a SECRET input as encryption is not configured");
    }

    private static Cli.Result run(String[] common, String... rest) {
        String[] args = new String[1 + common.length + rest.length];
        args[0] = "query";
        System.arraycopy(common, 0, args, 1, common.length);
        System.arraycopy(rest, 0, args, 1 + common.length, rest.length);
        return Cli.run(args);
    }
}
