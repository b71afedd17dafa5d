package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * migrate, rotate and scan on blind index columns (reference §3.1, §8) on the real PostgreSQL and
 * MariaDB servers: index values checked with {@link BlindIndexReference}, never the product's indexer.
 */
class ServerBlindIndexTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "MARIADB"})
    void migrateFillsRotateRewritesAndScanFindsAWrongIndex(Backend backend) throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliBlindIndex" + backend.name(), dir);
        int rows = 2_000;
        seed(database, rows, null);
        List<String> common = common(database, dir, "creds.password:password_bidx/trim");
        int filled = rows - rows / 50;

        Cli.Result migrate = Cli.run(args("migrate", common, "--key", TestDb.OLD_KEY, "--batch-size", "300"));
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+" + filled + "\\s+0\\s+0\\s+" + filled);
        assertIndexes(database, TestDb.OLD_KEY, rows);

        String newKey = KeygenCommand.newKey();
        Cli.Result rotate = Cli.run(args("rotate", common, "--key", newKey, "--previous-keys", TestDb.OLD_KEY, "--batch-size", "450",
                "--workers", "3"));
        assertThat(rotate.exit()).as(rotate.all()).isZero();
        assertThat(rotate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+" + filled + "\\s+0\\s+" + filled + "\\s+0\\s+0");
        assertIndexes(database, newKey, rows);

        // a row given another row's index: lookups would answer with the wrong row
        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE creds SET password_bidx = (SELECT b FROM (SELECT password_bidx AS b FROM creds WHERE id = 1) x)"
                    + " WHERE id = 2");
        }
        Cli.Result scan = Cli.run(args("scan", common, "--key", newKey, "--json"));
        assertThat(scan.exit()).as(scan.all()).isEqualTo(1);
        BlindIndexCommandsTest.assertIndexCounts(scan.out(), filled - 1, 0, 0, 1, 0);
        assertThat(scan.all()).doesNotContain("pw-1");
        Cli.Result repair = Cli.run(args("migrate", common, "--key", newKey));
        assertThat(repair.exit()).as(repair.all()).isZero();
        assertIndexes(database, newKey, rows);
        assertThat(Cli.run(args("scan", common, "--key", newKey)).exit()).isZero();
    }

    /**
     * Issue 10's "migrate filling indexes on 100k rows" on the servers and H2 (SQLite: BlindIndexCommandsTest):
     * a tenth of the rows already encrypted before the index existed, some NULL, the rest plaintext. The CLI
     * reaches H2 here because H2 is on the test classpath; the runnable jar ships only the SQLite and
     * PostgreSQL drivers (reference "runnable jar"), so H2 and MariaDB users add theirs to the classpath.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "MARIADB", "H2"})
    void migrateFillsTheIndexesOf100000RowsAndScanIsCleanAfterwards(Backend backend) throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliBlindIndex100k" + backend.name(), dir);
        int rows = 100_000;
        seed(database, rows, TestDb.reference(TestDb.OLD_KEY));
        List<String> common = common(database, dir, "creds.password:password_bidx/trim");
        int filled = rows - rows / 50;

        long start = System.nanoTime();
        Cli.Result migrate = Cli.run(args("migrate", common, "--key", TestDb.OLD_KEY, "--batch-size", "5000"));
        System.out.printf("migrate with a blind index on %s: %d rows in %.1f s%n", backend, rows, (System.nanoTime() - start) / 1e9);
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).containsPattern("creds\\s+password\\s+password_bidx\\s+" + filled + "\\s+0\\s+0\\s+" + filled);
        assertThat(migrate.all()).doesNotContain("pw-1 ").doesNotContain("pw-3 ");
        assertIndexes(database, TestDb.OLD_KEY, rows);

        Cli.Result scan = Cli.run(args("scan", common, "--key", TestDb.OLD_KEY, "--json"));
        assertThat(scan.exit()).as(scan.all()).isZero();
        BlindIndexCommandsTest.assertIndexCounts(scan.out(), filled, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "MARIADB"})
    void aUniqueNotNullIndexColumnIsNeverTheWalkKey(Backend backend) throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliBlindIndexKey" + backend.name(), dir);
        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            // the only unique NOT NULL index is on the index column, which migrate rewrites: no key to walk by
            s.execute("CREATE TABLE creds (username VARCHAR(50), password VARCHAR(400), token VARCHAR(400),"
                    + " password_bidx VARCHAR(24) NOT NULL UNIQUE)");
            s.execute("INSERT INTO creds (password, password_bidx) VALUES ('a', 'x1'), ('b', 'x2')");
        }
        List<String> common = common(database, dir, "creds.password:password_bidx");
        Cli.Result migrate = Cli.run(args("migrate", common, "--key", TestDb.KEY));
        assertThat(migrate.exit()).as(migrate.all()).isEqualTo(1);
        assertThat(migrate.err()).contains("creds has no primary key");
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT password, password_bidx FROM creds ORDER BY password")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("a");
            assertThat(r.getString(2)).isEqualTo("x1");
        }
    }

    /**
     * {@code creds} with {@code rows} rows, batched: password {@code " pw-<id> "} (NULL on every 50th row),
     * and when {@code encryptedBefore} is given, every row with id ending in 3 already encrypted with it (as the
     * driver stored it before the index was declared), so that migrate must index the decrypted value.
     */
    static void seed(TestDatabase database, int rows, ReferenceCodec encryptedBefore) throws Exception {
        try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(50), password VARCHAR(400),"
                    + " token VARCHAR(400), password_bidx VARCHAR(24))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO creds (id, username, password, token) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    String password = " pw-" + i + " ";
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    insert.setString(3, i % 50 == 0 ? null
                            : encryptedBefore != null && i % 10 == 3 ? encryptedBefore.encrypt(password) : password);
                    insert.setString(4, "tk-" + i);
                    insert.addBatch();
                    if (i % 5_000 == 0) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    /** Every stored index is the reference index, under {@code key}, of the trimmed plaintext; NULL beside NULL. */
    private static void assertIndexes(TestDatabase database, String key, int rows) throws Exception {
        ReferenceCodec codec = TestDb.reference(key);
        int seen = 0;
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password, password_bidx FROM creds ORDER BY id")) {
            while (r.next()) {
                int id = r.getInt(1);
                if (id % 50 == 0) {
                    assertThat(r.getString(3)).isNull();
                } else {
                    assertThat(codec.decrypt(r.getString(2))).isEqualTo(" pw-" + id + " ");
                    assertThat(r.getString(3)).as("row %d", id)
                            .isEqualTo(BlindIndexReference.index(key, "creds.password", "pw-" + id));
                }
                seen++;
            }
        }
        assertThat(seen).isEqualTo(rows);
    }

    /** The connection options of every command: URL, flows, the search declaration and the credentials. */
    static List<String> common(TestDatabase database, Path dir, String search) throws Exception {
        List<String> common = new ArrayList<>(List.of("--url", database.url(), "--flows", TestDb.flow(dir).toString(),
                "-p", "secret.search=" + search));
        if (database.user() != null) {
            common.addAll(List.of("-p", "user=" + database.user(), "-p", "password=" + database.password()));
        }
        return common;
    }

    private static String[] args(String command, List<String> common, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(common);
        all.addAll(List.of(more));
        if (!command.equals("scan")) {
            all.add("--no-progress");
        }
        return all.toArray(String[]::new);
    }
}
