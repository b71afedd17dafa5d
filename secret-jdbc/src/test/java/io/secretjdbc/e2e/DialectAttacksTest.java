package io.secretjdbc.e2e;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the attack lines of names.tsv, lexing.tsv and messages.tsv (src/test/resources/attacks, the
 * format of the shared adversarial corpus) on every backend they name, through
 * {@code jdbc:secret:recording:...}. Oracles, none of them the planner's output: the recording delegate
 * never saw the marker (unless the line's oracle is {@code rest}); no exception but SQLException, and
 * no SQLException message holds the marker; afterwards every secret value opens under the key with
 * plain javax.crypto ({@link KestraReference}), and no table holds the marker. Server backends skip without servers (fail in CI).
 */
class DialectAttacksTest {

    private static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    private static final String[] FILES = {"names.tsv", "lexing.tsv", "messages.tsv"};
    private static final Map<Backend, TestDatabase> DATABASES = new EnumMap<>(Backend.class);

    @TempDir
    static Path dir;

    record Attack(String id, String klass, String backends, String status, String oracle, String steps, String note) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Arguments> attacks() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String file : FILES) {
            for (Attack a : read(file)) {
                for (Backend b : Backend.values()) {
                    if (a.status().equals("closed") && (a.backends().equals("all")
                            || Arrays.asList(a.backends().split(",")).contains(name(b)))) {
                        cases.add(Arguments.of(a, b));
                    }
                }
            }
        }
        return cases;
    }

    static List<Attack> read(String file) throws IOException {
        List<Attack> attacks = new ArrayList<>();
        try (var in = DialectAttacksTest.class.getResourceAsStream("/attacks/" + file)) {
            assertThat(in).as(file).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as(line).hasSize(7);
                attacks.add(new Attack(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
            }
        }
        return attacks;
    }

    static String name(Backend b) {
        return b.name().toLowerCase(Locale.ROOT);
    }

    @AfterAll
    static void forget() {
        DATABASES.clear();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("attacks")
    void leaksNothing(Attack attack, Backend backend) throws Exception {
        RecordingDriver.register();
        TestDatabase db = database(backend);
        try (Connection raw = db.connectRaw()) {
            reset(raw, backend);
        }
        String marker = ("mk" + attack.id().replaceAll("[^a-z0-9]", "") + "q7").toLowerCase(Locale.ROOT);
        RecordingDriver.clear();
        Properties settings = new Properties();
        settings.setProperty("secret.key", KEY);
        settings.setProperty("secret.flows", flows().toString());
        Properties properties = db.credentials();
        properties.putAll(settings);
        try (Connection secret = java.sql.DriverManager.getConnection(
                "jdbc:secret:recording:" + db.url().substring("jdbc:".length()), properties)) {
            for (String step : attack.steps().split(" ;; ")) {
                run(secret, step.replace("<M>", marker), marker, attack);
            }
        }
        if (attack.oracle().equals("both")) {
            assertThat(RecordingDriver.seen()).as(attack.id() + ": calls the delegate saw")
                    .noneMatch(s -> s.toLowerCase(Locale.ROOT).contains(marker));
        }
        try (Connection raw = db.connectRaw()) {
            checkAtRest(raw, marker, attack);
        }
    }

    /**
     * What real clients write must still work where the dialect lexer reads it exactly: each statement
     * runs through the driver, stores ciphertext, and reads back the plaintext.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.secretjdbc.testing.TestDatabases#backends")
    void clientFormsStillWork(Backend backend) throws Exception {
        RecordingDriver.register();
        TestDatabase db = database(backend);
        try (Connection raw = db.connectRaw()) {
            reset(raw, backend);
        }
        List<String> statements = switch (backend) {
            case MARIADB -> List.of(
                    "INSERT INTO `creds` (`id`, `username`, `password`) VALUES (1, 'u1', 'p1') # a comment",
                    "INSERT INTO creds (id, username, password) VALUES (2, 'u2' /* c */, 'p' '2') -- done",
                    "prep:INSERT INTO creds (id, username, password) VALUES (3, 'u3', ?) # it's a comment");
            case POSTGRESQL -> List.of(
                    "INSERT INTO creds (id, username, password) VALUES (1, E'it\\'s', 'p1')",
                    "INSERT INTO \"public\".creds (id, username, password) VALUES (2, $$u2$$, $q$p2$q$)",
                    "prep:INSERT INTO U&\"cr\\0065ds\" (id, username, password) VALUES (3, U&'u\\0033', ?)");
            case H2 -> List.of(
                    "INSERT INTO creds (id, username, password) VALUES (1, 'u1', $$p1$$) // a comment",
                    "INSERT INTO PUBLIC.creds (id, username, password) VALUES (2, U&'u\\0032', U&'p\\0032')",
                    "prep:INSERT INTO U&\"CR\\0045DS\" (id, username, password) VALUES (3, 'u3', ?)");
            case SQLITE -> List.of(
                    "INSERT INTO [creds] (id, username, [password]) VALUES (1, 'u1', 'p1')",
                    "INSERT INTO main.\"creds\" (id, username, password) VALUES (2, 'u2', 'p2') -- a comment",
                    "prep:INSERT INTO `creds` (id, username, password) VALUES (3, 'u3', ?)");
        };
        Properties properties = db.credentials();
        properties.setProperty("secret.key", KEY);
        properties.setProperty("secret.flows", flows().toString());
        try (Connection secret = java.sql.DriverManager.getConnection(
                "jdbc:secret:recording:" + db.url().substring("jdbc:".length()), properties)) {
            for (String sql : statements) {
                if (sql.startsWith("prep:")) {
                    try (PreparedStatement ps = secret.prepareStatement(sql.substring(5))) {
                        ps.setString(1, "p3");
                        ps.executeUpdate();
                    }
                } else {
                    try (Statement s = secret.createStatement()) {
                        s.executeUpdate(sql);
                    }
                }
            }
            try (Statement s = secret.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, username, password FROM creds ORDER BY id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getString(3));
                }
                assertThat(rows).containsExactly(
                        backend == Backend.POSTGRESQL ? "1:it's:p1" : "1:u1:p1", "2:u2:p2", "3:u3:p3");
            }
        }
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT password FROM creds")) {
            int n = 0;
            while (rs.next()) {
                assertThat(opens(rs.getString(1))).as("stored as ciphertext").isTrue();
                n++;
            }
            assertThat(n).isEqualTo(3);
        }
    }

    private static void run(Connection secret, String step, String marker, Attack attack) {
        int before = RecordingDriver.seen().size();
        try {
            if (step.startsWith("prep:")) {
                try (PreparedStatement ps = secret.prepareStatement(step.substring(5).trim())) {
                    int count = parameterCount(ps, step);
                    for (int i = 1; i <= count; i++) {
                        ps.setString(i, marker);
                    }
                    ps.execute();
                }
            } else {
                try (Statement s = secret.createStatement()) {
                    s.execute(step);
                }
            }
        } catch (SQLException e) {
            // The database's own errors may repeat what it was sent; a message about text it never saw is ours.
            if (RecordingDriver.seen().size() == before || RecordingDriver.seen().subList(before,
                    RecordingDriver.seen().size()).stream().noneMatch(s -> s.toLowerCase(Locale.ROOT).contains(marker))) {
                assertThat(String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT))
                        .as(attack.id() + ": a refusal quoting the marker").doesNotContain(marker);
            }
        } catch (RuntimeException e) {
            fail(attack.id() + ": " + e.getClass().getName() + " escaped", e);
        }
    }

    /** As many as the database's driver counts (that is where the value goes), else every {@code ?} of the text. */
    private static int parameterCount(PreparedStatement ps, String step) {
        try {
            return ps.getParameterMetaData().getParameterCount();
        } catch (SQLException e) {
            return (int) step.chars().filter(c -> c == '?').count();
        }
    }

    private static void checkAtRest(Connection raw, String marker, Attack attack) throws Exception {
        try (Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT password, api_token FROM creds")) {
            while (rs.next()) {
                for (int c = 1; c <= 2; c++) {
                    String v = rs.getString(c);
                    if (v != null && !v.isEmpty()) {
                        assertThat(opens(v)).as(attack.id() + ": a secret value at rest that the key does not open")
                                .isTrue();
                    }
                }
            }
        }
        if (attack.oracle().equals("rest")) {
            return;
        }
        DatabaseMetaData md = raw.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(raw.getCatalog(), raw.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        for (String table : tables) {
            String quoted = raw.getMetaData().getIdentifierQuoteString().trim();
            try (Statement s = raw.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + quoted + table + quoted)) {
                while (rs.next()) {
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        String v = rs.getString(c);
                        assertThat(v == null ? "" : v.toLowerCase(Locale.ROOT))
                                .as(attack.id() + ": table " + table + " holds the marker").doesNotContain(marker);
                    }
                }
            }
        }
    }

    /** reference §3, checked with the shared plain-javax.crypto oracle. */
    private static boolean opens(String stored) {
        return KestraReference.opens(KEY, stored);
    }

    private static TestDatabase database(Backend backend) throws SQLException {
        synchronized (DATABASES) {
            TestDatabase db = DATABASES.get(backend);
            if (db == null) {
                db = TestDatabases.fresh(backend, "h1_dialect_attacks", dir);
                DATABASES.put(backend, db);
            }
            return db;
        }
    }

    /** Drops every table, then creates creds (registry) and other (plain). */
    private static void reset(Connection raw, Backend backend) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = raw.getMetaData().getTables(raw.getCatalog(), raw.getSchema(), "%",
                new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                tables.add((rs.getString("TABLE_TYPE").equals("VIEW") ? "VIEW " : "TABLE ") + rs.getString("TABLE_NAME"));
            }
        }
        String q = raw.getMetaData().getIdentifierQuoteString().trim();
        try (Statement s = raw.createStatement()) {
            for (String t : tables) {
                String[] kind = t.split(" ", 2);
                s.execute("DROP " + kind[0] + " IF EXISTS " + q + kind[1] + q + (backend == Backend.POSTGRESQL ? " CASCADE" : ""));
            }
            s.execute("CREATE TABLE creds(id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                    + " api_token VARCHAR(400))");
            s.execute("CREATE TABLE other(id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                    + " note VARCHAR(400))");
        }
    }

    private static Path flows() throws IOException {
        Path folder = dir.resolve("flows");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("creds.yml"), String.join("\n",
                    "id: creds", "namespace: attacks", "inputs:",
                    "  - id: username", "    type: STRING",
                    "  - id: password", "    type: SECRET",
                    "  - id: api_token", "    type: SECRET", ""));
        }
        return folder;
    }
}
