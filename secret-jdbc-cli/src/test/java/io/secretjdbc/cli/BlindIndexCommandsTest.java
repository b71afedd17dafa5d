package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.ReferenceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scan, migrate and rotate on blind index columns (reference §3.1, §8), on SQLite. Every expected index
 * value comes from {@link BlindIndexReference} (HKDF/HMAC written in the test), every expected
 * ciphertext check from {@link ReferenceCodec}: never from the product's classes.
 */
class BlindIndexCommandsTest {

    /** creds.password indexed in password_bidx, lower-cased, in domain "pw"; creds.token without an index. */
    private static final String SEARCH = "secret.search=creds.password:password_bidx/lowercase@pw";
    private static final String DOMAIN = "pw";

    @TempDir
    Path dir;

    private Path db;
    private Path flow;

    private void table() throws Exception {
        db = dir.resolve("bidx.db");
        flow = TestDb.flow(dir);
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT,"
                + " password_bidx VARCHAR(24))");
    }

    private Cli.Result run(String command, String key, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--url", TestDb.url(db), "--flows", flow.toString(),
                "--key", key, "-p", SEARCH));
        if (!command.equals("scan")) {
            args.add("--no-progress");
        }
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** scan --json's entry for creds.password's index, read as JSON. */
    static void assertIndexCounts(String out, long current, long stale, long missing, long wrong, long unchecked) {
        assertThat(JsonOutput.index(out, "creds", "password")).isEqualTo(java.util.Map.of("table", "creds",
                "column", "password", "indexColumn", "password_bidx", "current", current, "stale", stale,
                "missing", missing, "wrong", wrong, "unchecked", unchecked));
    }

    private static String index(String key, String plaintext) {
        return BlindIndexReference.index(key, DOMAIN, plaintext, "lowercase");
    }

    @Test
    void migrateFillsTheIndexOf100000RowsPlaintextAndAlreadyEncrypted() throws Exception {
        table();
        int rows = 100_000;
        ReferenceCodec reference = TestDb.reference(TestDb.KEY);
        try (Connection c = TestDb.raw(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO creds (id, username, password, token) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    // a tenth already encrypted (by the driver before the index existed): the index of the decrypted value
                    insert.setString(3, i % 10 == 0 ? reference.encrypt("PW-" + i) : i % 97 == 0 ? null : "PW-" + i);
                    insert.setString(4, "tk-" + i);
                    insert.addBatch();
                    if (i % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }

        long start = System.nanoTime();
        Cli.Result migrate = run("migrate", TestDb.KEY, "--batch-size", "5000");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        int nulls = rows / 97 - rows / (97 * 10); // i % 97 == 0 and not i % 10 == 0
        int filled = rows - nulls;
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+" + filled + "\\s+0\\s+0\\s+"
                + filled + "\\s+0\\s+0");
        assertThat(migrate.all()).doesNotContain("PW-1 ").doesNotContain("pw-1");
        System.out.printf("migrate with a blind index: %d rows in %.2f s%n", rows, seconds);

        try (Connection c = TestDb.raw(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password, password_bidx FROM creds ORDER BY id")) {
            int seen = 0;
            while (r.next()) {
                int id = r.getInt(1);
                if (id % 97 == 0 && id % 10 != 0) {
                    assertThat(r.getString(2)).isNull();
                    assertThat(r.getString(3)).isNull();
                } else {
                    assertThat(reference.decrypt(r.getString(2))).isEqualTo("PW-" + id);
                    assertThat(r.getString(3)).as("row %d", id).isEqualTo(index(TestDb.KEY, "PW-" + id));
                }
                seen++;
            }
            assertThat(seen).isEqualTo(rows);
        }
        // the lower-cased normalization: the index of "pw-5" is the one stored for "PW-5"
        try (Connection c = TestDb.raw(db);
             PreparedStatement find = c.prepareStatement("SELECT id FROM creds WHERE password_bidx = ?")) {
            find.setString(1, BlindIndexReference.index(TestDb.KEY, DOMAIN, "pw-5"));
            try (ResultSet r = find.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(5);
                assertThat(r.next()).isFalse();
            }
        }

        Cli.Result scan = run("scan", TestDb.KEY, "--json");
        assertThat(scan.exit()).as(scan.all()).isZero();
        assertIndexCounts(scan.out(), filled, 0, 0, 0, 0);
        Cli.Result again = run("migrate", TestDb.KEY);
        assertThat(again.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+0\\s+" + filled + "\\s+0\\s+0\\s+0");
    }

    /** Seeds rows with each kind of index; returns nothing, the test knows the ids. */
    private void seedEveryKind(ReferenceCodec current, ReferenceCodec old) throws Exception {
        try (Connection c = TestDb.raw(db);
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO creds (id, username, password, token, password_bidx) VALUES (?, 'u', ?, NULL, ?)")) {
            Object[][] rows = {
                    {1, current.encrypt("Alice"), index(TestDb.KEY, "Alice")},     // current
                    {2, current.encrypt("Bob"), index(TestDb.KEY, "Alice")},       // wrong: Alice's index copied
                    {3, old.encrypt("Carol"), index(TestDb.OLD_KEY, "Carol")},     // stale: value and index under the old key
                    {4, current.encrypt("Dave"), index(TestDb.OLD_KEY, "Dave")},   // stale index beside a current value
                    {5, current.encrypt("Erin"), null},                            // missing
                    {6, "Frank", null},                                            // plaintext, missing
                    {7, null, index(TestDb.KEY, "Ghost")},                         // wrong: an index beside NULL
                    {8, "", index(TestDb.KEY, "")},                                // current: the index of ""
                    {9, current.encrypt("Ivan"), index(TestDb.KEY, "ivan") + "x"},  // wrong: not an index at all
            };
            for (Object[] row : rows) {
                insert.setObject(1, row[0]);
                insert.setObject(2, row[1]);
                insert.setObject(3, row[2]);
                insert.executeUpdate();
            }
        }
    }

    private String storedIndex(int id) throws Exception {
        try (Connection c = TestDb.raw(db);
             PreparedStatement s = c.prepareStatement("SELECT password_bidx FROM creds WHERE id = ?")) {
            s.setInt(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }

    @Test
    void scanCountsMissingStaleAndWrongAndExitsNonZeroThenMigrateAndRotateRepairThem() throws Exception {
        table();
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        ReferenceCodec old = TestDb.reference(TestDb.OLD_KEY);
        seedEveryKind(current, old);

        Cli.Result scan = run("scan", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, "--json");
        assertThat(scan.exit()).as(scan.all()).isEqualTo(1);
        assertIndexCounts(scan.out(), 2, 2, 2, 3, 0);
        // split over key ranges and connections (--workers), the same judgement
        Cli.Result split = run("scan", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, "--json", "--workers", "3");
        assertThat(split.exit()).as(split.all()).isEqualTo(1);
        assertIndexCounts(split.out(), 2, 2, 2, 3, 0);
        Cli.Result text = run("scan", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY);
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+2\\s+2\\s+2\\s+3\\s+0")
                .contains("3 index value(s) wrong").contains("2 index value(s) missing")
                .contains("2 index value(s) under a previous key").doesNotContain("OK:");
        assertThat(text.all()).doesNotContain("Alice").doesNotContain("Bob").doesNotContain("Frank");

        // --dry-run counts, writes nothing
        Cli.Result dry = run("migrate", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+5\\s+2\\s+2\\s+2\\s+3");
        assertThat(storedIndex(2)).isEqualTo(index(TestDb.KEY, "Alice"));

        // migrate: missing and wrong rewritten (5, and the plaintext row's encrypted); stale ones left to rotate
        Cli.Result migrate = run("migrate", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, "--workers", "2");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+5\\s+2\\s+2\\s+2\\s+3")
                .contains("rotate");
        assertThat(storedIndex(2)).isEqualTo(index(TestDb.KEY, "Bob"));
        assertThat(storedIndex(5)).isEqualTo(index(TestDb.KEY, "Erin"));
        assertThat(storedIndex(6)).isEqualTo(index(TestDb.KEY, "Frank"));
        assertThat(storedIndex(7)).isNull();
        assertThat(storedIndex(9)).isEqualTo(index(TestDb.KEY, "Ivan"));
        assertThat(storedIndex(3)).isEqualTo(index(TestDb.OLD_KEY, "Carol"));
        assertThat(storedIndex(4)).isEqualTo(index(TestDb.OLD_KEY, "Dave"));
        assertThat(current.decrypt(TestDb.stored(db).get(6)[0])).isEqualTo("Frank");

        Cli.Result afterMigrate = run("scan", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, "--json");
        assertThat(afterMigrate.exit()).as(afterMigrate.all()).isZero();
        assertIndexCounts(afterMigrate.out(), 6, 2, 0, 0, 0);

        // rotate: every index under the primary key, the old-key value re-encrypted
        Cli.Result rotate = run("rotate", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY);
        assertThat(rotate.exit()).as(rotate.all()).isZero();
        assertThat(rotate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+2\\s+6\\s+2\\s+0\\s+0");
        assertThat(storedIndex(3)).isEqualTo(index(TestDb.KEY, "Carol"));
        assertThat(storedIndex(4)).isEqualTo(index(TestDb.KEY, "Dave"));
        assertThat(current.decrypt(TestDb.stored(db).get(3)[0])).isEqualTo("Carol");

        // the old key can go now: scan without it finds every index current
        Cli.Result last = run("scan", TestDb.KEY, "--json");
        assertThat(last.exit()).as(last.all()).isZero();
        assertIndexCounts(last.out(), 8, 0, 0, 0, 0);
    }

    @Test
    void anIndexOnlyUpdateIsConditionalOnTheValueItWasComputedFrom() throws Exception {
        table();
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        String later = current.encrypt("Later");
        String laterIndex = index(TestDb.KEY, "Later");
        TestDb.execute(db,
                "INSERT INTO creds (id, password) VALUES (1, '" + current.encrypt("One") + "'), (2, '"
                        + current.encrypt("Two") + "')",
                // an application writing row 2 (value and index, as the driver does) between migrate's read
                // of the batch and its update of row 2: fired by migrate's update of row 1
                "CREATE TRIGGER app_writes AFTER UPDATE ON creds WHEN old.id = 1 BEGIN"
                        + " UPDATE creds SET password = '" + later + "', password_bidx = '" + laterIndex + "' WHERE id = 2; END");
        Cli.Result migrate = run("migrate", TestDb.KEY, "--batch-size", "10");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+1\\s+0\\s+0\\s+2\\s+0\\s+0")
                .contains("changed by another writer");
        assertThat(storedIndex(1)).isEqualTo(index(TestDb.KEY, "One"));
        assertThat(storedIndex(2)).isEqualTo(laterIndex); // not the index of "Two", computed before the write
        assertThat(current.decrypt(TestDb.stored(db).get(2)[0])).isEqualTo("Later");
    }

    @Test
    void anIndexBesideAValueNoKeyOpensIsUncheckedAndLeftAlone() throws Exception {
        table();
        ReferenceCodec stranger = TestDb.reference(KeygenCommand.newKey());
        String strangers = stranger.encrypt("x");
        TestDb.execute(db, "INSERT INTO creds (id, password, password_bidx) VALUES (1, '" + strangers + "', 'kept')");
        Cli.Result scan = run("scan", TestDb.KEY, "--json");
        assertThat(scan.exit()).isEqualTo(1); // unreadable
        assertIndexCounts(scan.out(), 0, 0, 0, 0, 1);
        Cli.Result migrate = run("migrate", TestDb.KEY);
        assertThat(migrate.exit()).isEqualTo(1);
        assertThat(storedIndex(1)).isEqualTo("kept");
    }

    @Test
    void aDeclaredIndexColumnTheTableLacksIsNamedWithTheDdlAndFailsScan() throws Exception {
        db = dir.resolve("noindex.db");
        flow = TestDb.flow(dir);
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)",
                "INSERT INTO creds (id, password) VALUES (1, '" + current.encrypt("p") + "')");
        Cli.Result scan = run("scan", TestDb.KEY);
        assertThat(scan.exit()).isEqualTo(1);
        assertThat(scan.out()).contains("blind index column creds.password_bidx of creds.password is not in the table")
                .contains("ALTER TABLE").contains("ADD COLUMN password_bidx VARCHAR(24)").contains("migrate")
                .contains("CREATE UNIQUE INDEX");

        // the runbook: add the column, migrate fills it, then the unique index holds
        TestDb.execute(db, "ALTER TABLE creds ADD password_bidx VARCHAR(24)");
        assertThat(run("migrate", TestDb.KEY).exit()).isZero();
        TestDb.execute(db, "CREATE UNIQUE INDEX creds_password_bidx ON creds (password_bidx)");
        assertThat(storedIndex(1)).isEqualTo(index(TestDb.KEY, "p"));
        assertThat(run("scan", TestDb.KEY).exit()).isZero();
    }

    @Test
    void theYamlSearchSectionDeclaresTheIndexForTheToolsToo() throws Exception {
        table();
        Path config = dir.resolve("secret-jdbc.yml");
        Files.writeString(config, """
                secret-jdbc:
                  search:
                    creds.password: { column: password_bidx, normalize: [trim], domain: pw }
                """);
        TestDb.execute(db, "INSERT INTO creds (id, password) VALUES (1, '  spaced  ')");
        Cli.Result migrate = Cli.run("migrate", "--url", TestDb.url(db), "--flows", flow.toString(), "--key", TestDb.KEY,
                "--config", config.toString(), "--no-progress");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(storedIndex(1)).isEqualTo(BlindIndexReference.index(TestDb.KEY, DOMAIN, "spaced"));
    }
}
