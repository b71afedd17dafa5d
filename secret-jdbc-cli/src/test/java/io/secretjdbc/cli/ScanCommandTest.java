package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;

import io.secretjdbc.testing.ReferenceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    @TempDir
    Path dir;

    @Test
    void countsEachKindOfValuePerColumnAndGatesOnPlaintext() throws Exception {
        Path db = dir.resolve("scan.db");
        Path flow = TestDb.flow(dir);
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        ReferenceCodec old = TestDb.reference(TestDb.OLD_KEY);
        ReferenceCodec stranger = TestDb.reference(KeygenCommand.newKey());
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
        String[] passwords = {
                current.encrypt("a"), current.encrypt("b"), current.encrypt("c"), // 3 primary
                old.encrypt("d"), old.encrypt("e"),                             // 2 previous
                "plain-1", "plain-2", "plain-3", "plain-4",                     // 4 plaintext
                stranger.encrypt("f"),                                          // 1 unreadable
                null, "",                                                       // 2 null or empty
        };
        try (Connection c = TestDb.raw(db);
             PreparedStatement insert = c.prepareStatement("INSERT INTO creds (username, password, token) VALUES (?, ?, ?)")) {
            for (String password : passwords) {
                insert.setString(1, "u");
                insert.setString(2, password);
                insert.setString(3, current.encrypt("t"));
                insert.executeUpdate();
            }
        }

        Cli.Result result = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY,
                "--previous-keys", TestDb.OLD_KEY, "--flows", flow.toString(), "--json");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(JsonOutput.column(result.out(), "creds", "password")).containsAllEntriesOf(Map.of("primary", 3L,
                "previous", 2L, "plaintext", 4L, "unreadable", 1L, "nullOrEmpty", 2L, "guard", "unguarded"));
        assertThat(JsonOutput.column(result.out(), "creds", "token")).containsAllEntriesOf(Map.of("primary", 12L,
                "previous", 0L, "plaintext", 0L, "unreadable", 0L, "nullOrEmpty", 0L, "guard", "unguarded"));
        assertThat(result.all()).doesNotContain("plain-1");

        // the same through the jdbc:secret: form of the URL, as text
        Cli.Result text = Cli.run("scan", "--url", "jdbc:secret:sqlite:" + db, "--key", TestDb.KEY,
                "--previous-keys", TestDb.OLD_KEY, "--flows", flow.toString());
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).containsPattern("creds\\s+password\\s+3\\s+2\\s+4\\s+1\\s+2")
                .contains("migrate").contains("rotate");
    }

    @Test
    void aCleanDatabaseExitsZeroAndAMissingTableIsReportedAndSkipped() throws Exception {
        Path db = dir.resolve("clean.db");
        Path flow = TestDb.flow(dir);
        java.nio.file.Files.writeString(dir.resolve("other.yml"), """
                id: not_here
                namespace: test
                inputs:
                  - id: secret
                    type: SECRET
                """);
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)",
                "INSERT INTO creds (username, password, token) VALUES ('u', '" + current.encrypt("p") + "', NULL)");
        Cli.Result result = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", dir.toString());
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("table not_here is not in the database: skipped").contains("OK");
        assertThat(flow).exists();
    }

    @Test
    void withoutFlowsOrKeyScanSaysWhatIsMissing() throws Exception {
        Path db = dir.resolve("none.db");
        Cli.Result noFlows = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY);
        assertThat(noFlows.exit()).isEqualTo(1);
        assertThat(noFlows.err()).contains("--flows");
        Cli.Result noKey = Cli.run("scan", "--url", TestDb.url(db), "--flows", TestDb.flow(dir).toString());
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("no key configured");
    }
}
