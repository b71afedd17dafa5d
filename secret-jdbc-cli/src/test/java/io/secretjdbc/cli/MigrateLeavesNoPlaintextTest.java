package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import io.secretjdbc.testing.KestraReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 class 9: after {@code migrate} of 100,000 plaintext rows, none of them is left in the
 * bytes of the SQLite file, its {@code -wal} or its {@code -journal}: secure delete while rewriting,
 * VACUUM and a truncating checkpoint at the end.
 */
class MigrateLeavesNoPlaintextTest {

    private static final int ROWS = 100_000;
    private static final String HEAD = "plainsecret";
    private static final String TAIL = "tailmark";

    @TempDir
    Path dir;

    private static String password(int i) {
        return HEAD + "-" + i + "-" + TAIL;
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void noPlaintextRemainsInTheFileOrItsJournals(String journalMode) throws Exception {
        Path db = dir.resolve("migrate.db");
        try (Connection c = TestDb.raw(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + journalMode);
            s.execute("CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    insert.setString(3, password(i));
                    insert.setString(4, i % 10 == 0 ? null : "tok" + HEAD + i);
                    insert.addBatch();
                    if (i % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            c.commit();
        }
        // An idle connection kept open, so that SQLite does not fold and delete the -wal on the tool's close.
        try (Connection idle = TestDb.raw(db)) {
            assertThat(occurrences(db, TAIL)).as("positive control: the scan sees the plaintext before").isGreaterThanOrEqualTo(ROWS);

            Cli.Result migrate = Cli.run("migrate", "--url", TestDb.url(db), "--key", TestDb.KEY,
                    "--flows", TestDb.flow(dir).toString(), "--batch-size", "5000", "--no-progress");
            assertThat(migrate.exit()).as(migrate.all()).isZero();
            assertThat(migrate.out()).contains("Compacted");

            assertThat(occurrences(db, HEAD)).as("plaintext heads left in the files").isZero();
            assertThat(occurrences(db, TAIL)).as("plaintext tails left in the files").isZero();
            try (Statement s = idle.createStatement();
                    var rs = s.executeQuery("SELECT password FROM creds WHERE id IN (1, 54321, 100000) ORDER BY id")) {
                for (int id : new int[] {1, 54321, 100000}) {
                    assertThat(rs.next()).isTrue();
                    assertThat(KestraReference.open(TestDb.KEY, rs.getString(1))).isEqualTo(password(id));
                }
            }
        }
    }

    /** How often {@code marker} occurs in the database file, its -wal and its -journal together. */
    private static long occurrences(Path db, String marker) throws Exception {
        long count = 0;
        for (String suffix : new String[] {"", "-wal", "-journal"}) {
            Path file = db.resolveSibling(db.getFileName() + suffix);
            if (!Files.exists(file)) {
                continue;
            }
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (int at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
                count++;
            }
        }
        return count;
    }
}
