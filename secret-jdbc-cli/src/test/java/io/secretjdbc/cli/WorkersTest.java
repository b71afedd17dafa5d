package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.ReferenceCodec;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --workers N} and {@code --shard K/N} (reference §8) on SQLite, PostgreSQL and MariaDB: the
 * same results as one worker, shards that together walk every row exactly once (also with a composite
 * text key, compared in the database's collation), and bad values refused before anything is opened.
 * Values are checked with the independent javax.crypto oracle ({@link ReferenceCodec}).
 */
class WorkersTest {

    private static final int ROWS = 3_000;
    private static final Pattern SUMMARY = Pattern.compile("creds\\s+(password|token)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void fourWorkersGiveWhatOneWorkerGives(Backend backend) throws Exception {
        TestDatabase one = TestDatabases.fresh(backend, "CliWorkersOne" + backend.name(), dir);
        TestDatabase four = TestDatabases.fresh(backend, "CliWorkersFour" + backend.name(), dir);
        seed(one, false);
        seed(four, false);

        Cli.Result scanOne = Cli.run(args("scan", one, "--key", TestDb.OLD_KEY, "--json"));
        Cli.Result scanFour = Cli.run(args("scan", four, "--key", TestDb.OLD_KEY, "--json", "--workers", "4"));
        assertThat(scanOne.exit()).as(scanOne.all()).isEqualTo(1);
        assertThat(scanFour.exit()).as(scanFour.all()).isEqualTo(1);
        assertThat(scanFour.out()).isEqualTo(scanOne.out());
        assertThat(JsonOutput.column(scanFour.out(), "creds", "password"))
                .containsAllEntriesOf(Map.of("primary", 0L, "previous", 0L, "plaintext", (long) ROWS));

        Cli.Result migrateOne = Cli.run(args("migrate", one, "--key", TestDb.OLD_KEY, "--batch-size", "150", "--no-progress"));
        Cli.Result migrateFour = Cli.run(args("migrate", four, "--key", TestDb.OLD_KEY, "--batch-size", "150",
                "--no-progress", "--workers", "4"));
        assertThat(migrateOne.exit()).as(migrateOne.all()).isZero();
        assertThat(migrateFour.exit()).as(migrateFour.all()).isZero();
        assertThat(summary(migrateFour.out())).isEqualTo(summary(migrateOne.out()))
                .containsEntry("password", List.of((long) ROWS, 0L, 0L, 0L, 0L, 0L))
                .containsEntry("token", List.of((long) ROWS - ROWS / 10, 0L, 0L, 0L, (long) ROWS / 10, 0L));
        assertOriginals(four, TestDb.reference(TestDb.OLD_KEY));

        String newKey = KeygenCommand.newKey();
        Cli.Result rotateOne = Cli.run(args("rotate", one, "--key", newKey, "--previous-keys", TestDb.OLD_KEY,
                "--batch-size", "150", "--no-progress"));
        Cli.Result rotateFour = Cli.run(args("rotate", four, "--key", newKey, "--previous-keys", TestDb.OLD_KEY,
                "--batch-size", "150", "--no-progress", "--workers", "4"));
        assertThat(rotateOne.exit()).as(rotateOne.all()).isZero();
        assertThat(rotateFour.exit()).as(rotateFour.all()).isZero();
        assertThat(summary(rotateFour.out())).isEqualTo(summary(rotateOne.out()))
                .containsEntry("password", List.of((long) ROWS, 0L, 0L, 0L, 0L, 0L));
        assertOriginals(four, TestDb.reference(newKey));

        Cli.Result afterOne = Cli.run(args("scan", one, "--key", newKey, "--json"));
        Cli.Result afterFour = Cli.run(args("scan", four, "--key", newKey, "--json", "--workers", "3"));
        assertThat(afterOne.exit()).as(afterOne.all()).isZero();
        assertThat(afterFour.out()).isEqualTo(afterOne.out());
        assertThat(JsonOutput.column(afterFour.out(), "creds", "password"))
                .containsAllEntriesOf(Map.of("primary", (long) ROWS, "previous", 0L, "plaintext", 0L));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "POSTGRESQL", "MARIADB"})
    void threeShardsTogetherWalkEveryRowExactlyOnce(Backend backend) throws Exception {
        TestDatabase database = TestDatabases.fresh(backend, "CliShards" + backend.name(), dir);
        seed(database, true); // composite text key: split and compared in the database's collation

        long scanned = 0;
        for (int k = 1; k <= 3; k++) {
            Cli.Result scan = Cli.run(args("scan", database, "--key", TestDb.OLD_KEY, "--json", "--shard", k + "/3",
                    "--workers", "2"));
            long plaintext = jsonCount(scan.out(), "password", "plaintext");
            assertThat(plaintext).as("shard %d/3 has its third", k).isBetween(ROWS / 3 - 2L, ROWS / 3 + 2L);
            scanned += plaintext;
        }
        assertThat(scanned).as("scan shards: every row once").isEqualTo(ROWS);

        long encrypted = 0;
        for (int k = 1; k <= 3; k++) {
            // different worker counts on each "machine": the shard bounds do not depend on them
            Cli.Result migrate = Cli.run(args("migrate", database, "--key", TestDb.OLD_KEY, "--shard", k + "/3",
                    "--workers", Integer.toString(k), "--batch-size", "100", "--no-progress"));
            assertThat(migrate.exit()).as(migrate.all()).isZero();
            List<Long> password = summary(migrate.out()).get("password");
            assertThat(password.get(1)).as("shard %d/3 met no value another shard encrypted", k).isZero();
            encrypted += password.get(0);
        }
        assertThat(encrypted).as("migrate shards: every row once").isEqualTo(ROWS);
        assertOriginals(database, TestDb.reference(TestDb.OLD_KEY));
        Cli.Result whole = Cli.run(args("scan", database, "--key", TestDb.OLD_KEY, "--json"));
        assertThat(whole.exit()).as(whole.all()).isZero();
        assertThat(jsonCount(whole.out(), "password", "primary")).isEqualTo(ROWS);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"POSTGRESQL", "MARIADB"})
    void aUniqueIndexOfNotNullColumnsServesAsTheKeyAndNoOtherDoes(Backend backend) throws Exception {
        TestDatabase unique = TestDatabases.fresh(backend, "CliUniqueKey" + backend.name(), dir);
        seed(unique, textKeyTable("NOT NULL", "UNIQUE (region, code)"), true);
        long encrypted = 0;
        for (int k = 1; k <= 2; k++) {
            Cli.Result migrate = Cli.run(args("migrate", unique, "--key", TestDb.OLD_KEY, "--workers", "3",
                    "--shard", k + "/2", "--batch-size", "200", "--no-progress"));
            assertThat(migrate.exit()).as(migrate.all()).isZero();
            encrypted += summary(migrate.out()).get("password").get(0);
        }
        assertThat(encrypted).isEqualTo(ROWS);
        assertOriginals(unique, TestDb.reference(TestDb.OLD_KEY));

        // NULLs repeat in a unique index, and a partial index is unique only where its condition holds:
        // a walk by either could skip rows, so neither is a key
        List<String> notKeys = new ArrayList<>(List.of(textKeyTable("NULL", "UNIQUE (region, code)")));
        if (backend == Backend.POSTGRESQL) {
            notKeys.add(textKeyTable("NOT NULL", ""));
        }
        for (int i = 0; i < notKeys.size(); i++) {
            TestDatabase database = TestDatabases.fresh(backend, "CliNotAKey" + i + backend.name(), dir);
            seed(database, notKeys.get(i), true);
            if (i == 1) {
                try (Connection c = database.connectRaw(); Statement s = c.createStatement()) {
                    s.execute("CREATE UNIQUE INDEX creds_partial ON creds (region, code) WHERE code <> ''");
                }
            }
            for (String workers : List.of("1", "2")) {
                Cli.Result refused = Cli.run(args("migrate", database, "--key", TestDb.OLD_KEY, "--workers", workers,
                        "--no-progress"));
                assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
                assertThat(refused.err()).contains("creds has no primary key").contains("nothing was changed");
            }
            Cli.Result scan = Cli.run(args("scan", database, "--key", TestDb.OLD_KEY, "--json", "--workers", "2"));
            assertThat(jsonCount(scan.out(), "password", "plaintext")).as("untouched, and scanned whole").isEqualTo(ROWS);
            assertThat(scan.out()).contains("creds has no key to split by: scanned whole, by one connection");
        }
    }

    @Test
    void moreShardsThanRowsLeaveTheExtraShardsNothingToDo() throws Exception {
        TestDatabase database = TestDatabases.fresh(Backend.SQLITE, "CliShardsTiny", dir);
        TestDb.execute(Path.of(database.url().substring("jdbc:sqlite:".length())),
                "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)",
                "INSERT INTO creds VALUES (1, 'a', 'pw-1', 'tk-1'), (2, 'b', 'pw-2', 'tk-2')");
        long encrypted = 0;
        for (int k = 1; k <= 5; k++) {
            Cli.Result migrate = Cli.run(args("migrate", database, "--key", TestDb.OLD_KEY, "--shard", k + "/5",
                    "--workers", "3", "--no-progress"));
            assertThat(migrate.exit()).as(migrate.all()).isZero();
            encrypted += summary(migrate.out()).get("password").get(0);
        }
        assertThat(encrypted).isEqualTo(2);
        ReferenceCodec reference = TestDb.reference(TestDb.OLD_KEY);
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password FROM creds ORDER BY id")) {
            for (int id = 1; id <= 2; id++) {
                assertThat(r.next()).isTrue();
                assertThat(reference.decrypt(r.getString(2))).isEqualTo("pw-" + id);
            }
        }
    }

    @Test
    void badWorkerAndShardValuesAreUsageErrorsThatOpenNothing() throws Exception {
        Path db = dir.resolve("never-opened.db");
        String flows = TestDb.flow(dir).toString();
        List<List<String>> bad = List.of(List.of("--workers", "0"), List.of("--workers", "-2"),
                List.of("--shard", "3/2"), List.of("--shard", "x"), List.of("--shard", "0/2"),
                List.of("--shard", "1/0"), List.of("--shard", "2"), List.of("--shard", "1/2/3"));
        for (String command : List.of("migrate", "rotate", "scan")) {
            for (List<String> options : bad) {
                List<String> all = new ArrayList<>(List.of(command, "--url", TestDb.url(db), "--flows", flows,
                        "--key", TestDb.KEY));
                all.addAll(options);
                Cli.Result result = Cli.run(all.toArray(String[]::new));
                assertThat(result.exit()).as("%s %s: %s", command, options, result.all()).isEqualTo(2);
                assertThat(result.err()).as("%s %s", command, options)
                        .contains(options.get(0).equals("--workers") ? "--workers must be at least 1" : "--shard must be K/N");
            }
        }
        // SQLite creates the file on connect: none means no connection was ever opened
        assertThat(Files.exists(db)).isFalse();
        // picocli's own check: not a number
        Cli.Result notANumber = Cli.run("migrate", "--url", TestDb.url(db), "--flows", flows, "--key", TestDb.KEY,
                "--workers", "many");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(Files.exists(db)).isFalse();
    }

    /**
     * {@code creds}: password {@code pw-<i>}, token {@code tk-<i>} (NULL every 10th row); with
     * {@code textKey} the key is {@code (region, code)}, both text, regions in mixed case.
     */
    private static void seed(TestDatabase database, boolean textKey) throws Exception {
        seed(database, textKey ? textKeyTable("NOT NULL", "PRIMARY KEY (region, code)")
                : "CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(50), password VARCHAR(400), token VARCHAR(400))",
                textKey);
    }

    /** {@code creds} with text columns {@code region} and {@code code} (declared {@code nullity}), and {@code key}. */
    private static String textKeyTable(String nullity, String key) {
        return "CREATE TABLE creds (region VARCHAR(20) " + nullity + ", code VARCHAR(20) " + nullity + ","
                + " username VARCHAR(50), password VARCHAR(400), token VARCHAR(400)" + (key.isEmpty() ? "" : ", " + key) + ")";
    }

    private static void seed(TestDatabase database, String createTable, boolean textKey) throws Exception {
        String[] regions = {"north", "South", "east", "West", "middle"};
        try (Connection c = database.connectRaw()) {
            try (Statement s = c.createStatement()) {
                s.execute(createTable);
            }
            c.setAutoCommit(false);
            String insert = textKey ? "INSERT INTO creds (region, code, username, password, token) VALUES (?, ?, ?, ?, ?)"
                    : "INSERT INTO creds (id, username, password, token) VALUES (?, ?, ?, ?)";
            try (PreparedStatement p = c.prepareStatement(insert)) {
                for (int i = 1; i <= ROWS; i++) {
                    int n = 1;
                    if (textKey) {
                        p.setString(n++, regions[i % regions.length]);
                        p.setString(n++, "c" + Integer.toString(i * 7919 % 100_003, 36));
                    } else {
                        p.setInt(n++, i);
                    }
                    p.setString(n++, Integer.toString(i));
                    p.setString(n++, "pw-" + i);
                    p.setString(n, i % 10 == 0 ? null : "tk-" + i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** Every row once, each value one decryption from its original under this key alone. */
    private static void assertOriginals(TestDatabase database, ReferenceCodec onlyKey) throws Exception {
        int seen = 0;
        try (Connection c = database.connectRaw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT username, password, token FROM creds")) {
            while (r.next()) {
                int i = Integer.parseInt(r.getString(1));
                seen++;
                assertThat(onlyKey.decrypt(r.getString(2))).as("password of row %d", i).isEqualTo("pw-" + i);
                assertThat(onlyKey.decrypt(r.getString(3))).as("token of row %d", i).isEqualTo(i % 10 == 0 ? null : "tk-" + i);
            }
        }
        assertThat(seen).isEqualTo(ROWS);
    }

    /** The summary table of migrate/rotate: column -> its six counts. */
    private static Map<String, List<Long>> summary(String out) {
        Map<String, List<Long>> rows = new LinkedHashMap<>();
        Matcher m = SUMMARY.matcher(out);
        while (m.find()) {
            List<Long> counts = new ArrayList<>();
            for (int g = 2; g <= 7; g++) {
                counts.add(Long.parseLong(m.group(g)));
            }
            rows.put(m.group(1), counts);
        }
        assertThat(rows).as(out).containsOnlyKeys("password", "token");
        return rows;
    }

    private static long jsonCount(String json, String column, String state) {
        Matcher m = Pattern.compile("\"column\": \"" + column + "\"[^}]*\"" + state + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String[] args(String command, TestDatabase database, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of(command, "--url", database.url(), "--flows", TestDb.flow(dir).toString()));
        if (database.user() != null) {
            all.addAll(List.of("-p", "user=" + database.user(), "-p", "password=" + database.password()));
        }
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
