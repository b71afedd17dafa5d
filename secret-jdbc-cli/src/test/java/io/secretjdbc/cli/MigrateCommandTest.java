package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.crypto.ValueState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

    @TempDir
    Path dir;

    private String[] args(Path db, String command, String... more) throws Exception {
        String[] base = {command, "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", TestDb.flow(dir).toString(), "--no-progress"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void migratesTwentyThousandRowsThenScanIsCleanAndASecondRunChangesNothing() throws Exception {
        Path db = dir.resolve("m.db");
        TestDb.plaintextRows(db, 20_000);

        Cli.Result dryRun = Cli.run(args(db, "migrate", "--dry-run"));
        assertThat(dryRun.exit()).isZero();
        assertThat(dryRun.out()).contains("Dry run").containsPattern("creds\\s+password\\s+20000");
        assertThat(TestDb.stored(db).get(1)).containsExactly("pw-1", "tk-1"); // nothing written

        Cli.Result migrate = Cli.run(args(db, "migrate", "--batch-size", "700"));
        assertThat(migrate.exit()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+20000\\s+0").containsPattern("creds\\s+token\\s+20000\\s+0");
        assertThat(migrate.all()).doesNotContain("pw-1");

        ReferenceCodec codec = TestDb.reference(TestDb.KEY);
        Map<Integer, String[]> stored = TestDb.stored(db);
        assertThat(stored).hasSize(20_000);
        for (Map.Entry<Integer, String[]> row : stored.entrySet()) {
            assertThat(codec.decrypt(row.getValue()[0])).isEqualTo("pw-" + row.getKey());
            assertThat(codec.decrypt(row.getValue()[1])).isEqualTo("tk-" + row.getKey());
        }

        Cli.Result scan = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", TestDb.flow(dir).toString());
        assertThat(scan.exit()).isZero();
        assertThat(scan.out()).containsPattern("creds\\s+password\\s+20000\\s+0\\s+0\\s+0\\s+0");

        Cli.Result again = Cli.run(args(db, "migrate"));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).containsPattern("creds\\s+password\\s+0\\s+20000");
        assertThat(TestDb.stored(db)).allSatisfy((id, values) -> assertThat(values).isEqualTo(stored.get(id)));
    }

    @Test
    void onlyPlaintextIsTouchedAndNullEmptyAndOtherKeysStay() throws Exception {
        Path db = dir.resolve("mixed.db");
        ReferenceCodec current = TestDb.reference(TestDb.KEY);
        String alreadyEncrypted = current.encrypt("kept");
        String unreadable = TestDb.reference(KeygenCommand.newKey()).encrypt("x");
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)",
                "INSERT INTO creds VALUES (1, 'a', 'plain', NULL)",
                "INSERT INTO creds VALUES (2, 'b', '" + alreadyEncrypted + "', '')",
                "INSERT INTO creds VALUES (3, 'c', '" + unreadable + "', 'tok')");
        Cli.Result result = Cli.run(args(db, "migrate"));
        assertThat(result.exit()).isEqualTo(1); // an unreadable value remains
        assertThat(result.err()).contains("1 unreadable");
        Map<Integer, String[]> stored = TestDb.stored(db);
        assertThat(current.decrypt(stored.get(1)[0])).isEqualTo("plain");
        assertThat(stored.get(1)[1]).isNull();
        assertThat(stored.get(2)).containsExactly(alreadyEncrypted, "");
        assertThat(stored.get(3)[0]).isEqualTo(unreadable);
        assertThat(current.decrypt(stored.get(3)[1])).isEqualTo("tok");
    }

    @Test
    void sqliteTablesWithoutPrimaryKeyAndWithCompositeKeysAreWalked() throws Exception {
        Path db = dir.resolve("keys.db");
        TestDb.execute(db, "CREATE TABLE creds (tenant TEXT, name TEXT, password TEXT, token TEXT, PRIMARY KEY (tenant, name))");
        TestDb.execute(db, "CREATE TABLE nokey (password TEXT)");
        TestDb.flow(dir);
        java.nio.file.Files.writeString(dir.resolve("nokey.yml"), "id: nokey\nnamespace: t\ninputs:\n  - id: password\n    type: SECRET\n");
        for (int i = 0; i < 50; i++) {
            TestDb.execute(db, "INSERT INTO creds VALUES ('t" + (i % 3) + "', 'n" + i + "', 'p" + i + "', 't" + i + "')",
                    "INSERT INTO nokey VALUES ('q" + i + "')");
        }
        Cli.Result result = Cli.run("migrate", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", dir.toString(),
                "--no-progress", "--batch-size", "7");
        assertThat(result.exit()).as(result.all()).isZero();
        Cli.Result scan = Cli.run("scan", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", dir.toString(), "--json");
        assertThat(scan.exit()).as(scan.all()).isZero();
        assertThat(JsonOutput.column(scan.out(), "creds", "password")).containsEntry("primary", 50L)
                .containsEntry("plaintext", 0L);
        assertThat(JsonOutput.column(scan.out(), "nokey", "password")).containsEntry("primary", 50L)
                .containsEntry("plaintext", 0L);
    }

    @Test
    void rotateReEncryptsUnderTheNewKeyAndLeavesNothingUnderTheOld() throws Exception {
        Path db = dir.resolve("r.db");
        TestDb.plaintextRows(db, 3_000);
        String newKey = KeygenCommand.newKey();
        // migrate under the old key first
        assertThat(Cli.run("migrate", "--url", TestDb.url(db), "--key", TestDb.OLD_KEY, "--flows", TestDb.flow(dir).toString(),
                "--no-progress").exit()).isZero();

        String[] rotate = {"rotate", "--url", TestDb.url(db), "--key", newKey, "--previous-keys", TestDb.OLD_KEY,
                "--flows", TestDb.flow(dir).toString(), "--no-progress", "--batch-size", "500"};
        Cli.Result result = Cli.run(rotate);
        assertThat(result.exit()).as(result.all()).isZero();
        assertThat(result.out()).containsPattern("creds\\s+password\\s+3000\\s+0");

        ReferenceCodec onlyNew = TestDb.reference(newKey);
        TestDb.stored(db).forEach((id, values) -> {
            assertThat(onlyNew.classify(values[0])).isEqualTo(ValueState.PRIMARY);
            assertThat(onlyNew.classify(values[1])).isEqualTo(ValueState.PRIMARY);
        });
        assertThat(onlyNew.decrypt(TestDb.stored(db).get(42)[0])).isEqualTo("pw-42");

        Cli.Result again = Cli.run(rotate);
        assertThat(again.out()).containsPattern("creds\\s+password\\s+0\\s+3000");

        // without the old key, old values are unreadable: rotate reports them and exits 1
        Path db2 = dir.resolve("r2.db");
        TestDb.plaintextRows(db2, 10);
        Cli.run("migrate", "--url", TestDb.url(db2), "--key", TestDb.OLD_KEY, "--flows", TestDb.flow(dir).toString(), "--no-progress");
        Cli.Result missingOld = Cli.run("rotate", "--url", TestDb.url(db2), "--key", newKey, "--flows", TestDb.flow(dir).toString(),
                "--no-progress");
        assertThat(missingOld.exit()).isEqualTo(1);
        assertThat(missingOld.err()).contains("20 unreadable");
    }

    @Test
    void rotateOnAnInterleavedTableRewritesOnlyValuesUnderPreviousKeys() throws Exception {
        Path db = dir.resolve("mixed.db");
        TestDb.execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
        String newKey = KeygenCommand.newKey();
        String olderKey = KeygenCommand.newKey();
        ReferenceCodec[] under = {TestDb.reference(newKey), TestDb.reference(TestDb.OLD_KEY), TestDb.reference(olderKey),
                TestDb.reference(KeygenCommand.newKey())};
        int rows = 700; // the state changes on every row, so no run of one key helps
        try (var c = TestDb.raw(db); var insert = c.prepareStatement("INSERT INTO creds VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= rows; i++) {
                int kind = i % 7; // 0 new, 1 old, 2 older, 3 stranger (unreadable), 4 plaintext, 5 NULL, 6 old
                String pw = "pw-" + i;
                insert.setInt(1, i);
                insert.setString(2, "user-" + i);
                insert.setString(3, kind == 4 ? pw : kind == 5 ? null : under[kind == 6 ? 1 : kind].encrypt(pw));
                insert.setString(4, under[(i + 1) % 3].encrypt("tk-" + i));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
        Map<Integer, String[]> before = TestDb.stored(db);
        String[] rotate = {"rotate", "--url", TestDb.url(db), "--key", newKey, "--previous-keys", TestDb.OLD_KEY + "," + olderKey,
                "--flows", TestDb.flow(dir).toString(), "--no-progress", "--batch-size", "300"};

        String[] dryRun = java.util.Arrays.copyOf(rotate, rotate.length + 1);
        dryRun[rotate.length] = "--dry-run";
        Cli.Result counted = Cli.run(dryRun);
        assertThat(counted.out()).containsPattern("creds\\s+password\\s+300\\s+100\\s+100\\s+100\\s+100\\s");
        assertThat(TestDb.stored(db)).allSatisfy((id, values) -> assertThat(values).isEqualTo(before.get(id)));

        Cli.Result result = Cli.run(rotate);
        assertThat(result.exit()).as("unreadable values make exit 1").isEqualTo(1);
        // re-encrypted, already primary, plaintext, unreadable, null/empty
        assertThat(result.out()).containsPattern("creds\\s+password\\s+300\\s+100\\s+100\\s+100\\s+100\\s")
                .containsPattern("creds\\s+token\\s+467\\s+233\\s+0\\s+0\\s+0\\s");
        ReferenceCodec onlyNew = under[0];
        TestDb.stored(db).forEach((id, values) -> {
            int kind = id % 7;
            if (kind == 3 || kind == 4 || kind == 5) {
                assertThat(values[0]).as("row %d left alone", id).isEqualTo(before.get(id)[0]);
            } else {
                assertThat(decrypt(onlyNew, values[0])).isEqualTo("pw-" + id);
            }
            assertThat(decrypt(onlyNew, values[1])).isEqualTo("tk-" + id);
        });
    }

    private static String decrypt(ReferenceCodec codec, String value) {
        try {
            return codec.decrypt(value);
        } catch (Exception e) {
            throw new AssertionError("not under the new key", e);
        }
    }

    @Test
    void progressBarGoesToStandardError() throws Exception {
        Path db = dir.resolve("p.db");
        TestDb.plaintextRows(db, 100);
        Cli.Result result = Cli.run("migrate", "--url", TestDb.url(db), "--key", TestDb.KEY, "--flows", TestDb.flow(dir).toString());
        assertThat(result.exit()).isZero();
        assertThat(result.err()).contains("creds").contains("100/100").contains("rows");
        assertThat(result.out()).doesNotContain("100/100");
    }

    @Test
    void onOtherDatabasesATableWithoutPrimaryKeyIsRefusedAndOneWithAKeyIsMigrated() throws Exception {
        String url = "jdbc:h2:mem:" + dir.getFileName() + ";DB_CLOSE_DELAY=-1";
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(50), password VARCHAR(200), token VARCHAR(200))");
            s.execute("INSERT INTO creds VALUES (1, 'a', 'pw-1', 'tk-1'), (2, 'b', 'pw-2', NULL)");
        }
        Cli.Result ok = Cli.run("migrate", "--url", url, "--key", TestDb.KEY, "--flows", TestDb.flow(dir).toString(), "--no-progress");
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(ok.out()).containsPattern("creds\\s+password\\s+2\\s+0");

        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("CREATE TABLE nokey (password VARCHAR(200))");
            s.execute("INSERT INTO nokey VALUES ('x')");
        }
        java.nio.file.Files.writeString(dir.resolve("nokey.yml"), "id: nokey\nnamespace: t\ninputs:\n  - id: password\n    type: SECRET\n");
        Cli.Result refused = Cli.run("migrate", "--url", url, "--key", TestDb.KEY, "--flows", dir.toString(), "--no-progress");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("nokey has no primary key").contains("nothing was changed");
    }
}
