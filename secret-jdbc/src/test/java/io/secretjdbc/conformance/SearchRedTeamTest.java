package io.secretjdbc.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.KestraReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/**
 * Red team of the blind indexes (issue 10, reference §6 "Search" and "Fail closed"): every line of
 * {@code attacks-search/*.tsv} runs on each of its backends through {@code jdbc:secret:recording:…} on
 * freshly made tables with index columns. A line passes when only SQLExceptions were thrown (none
 * holding the marker), the recording delegate never saw the line's marker, and at rest every secret is
 * NULL or ciphertext that plain javax.crypto opens, with an index value equal to the one
 * {@link BlindIndexReference} computes for the decrypted text (no plaintext, no missing, stale or
 * foreign index). {@code pending} lines (found leaks) are skipped with their reproduction in the note
 * ({@code -Dattacks.runPending=true} runs them).
 *
 * <p>Line format, TAB-separated: id, backends ({@code all} or a comma list), status ({@code closed} or
 * {@code pending}), steps separated by {@code " ;; "}, note. A step is plain SQL run with
 * {@code Statement.execute}, or {@code prep:SQL} (every {@code ?} bound with {@code setString} to the
 * marker), or {@code prep[v1|v2|…]:SQL} with the values given ({@code <M>} is the marker, {@code int:5}
 * binds {@code setInt}, {@code null} binds {@code setNull(VARCHAR)}, {@code obj:x} binds {@code setObject}),
 * or {@code batch:SQL1 || SQL2} (a Statement batch), or {@code pbatch:SQL} (two addBatch rows, every
 * {@code ?} the marker). Seed rows (no marker) are written through the driver before each line.
 */
class SearchRedTeamTest {

    static final String KEY = ConformanceDb.KEY;
    static final String OLD_KEY = "q5VJ0D8ih9H2vTAkV1FUBOvCi0e1B7cODmKZAZ/TxMo=";
    static final String DOMAIN = "people.email";
    static final String TOKEN_DOMAIN = "search_missing.token";
    static final String SEARCH = "search_users.email:email_bidx/trim+lowercase@" + DOMAIN
            + ", search_contacts.email:email_bidx/trim+lowercase@" + DOMAIN
            + ", search_missing.token:token_bidx";
    static final String[] FILES = {"attacks-search/redteam.tsv"};

    @TempDir
    static Path dir;

    record Line(String id, Set<Backend> backends, boolean pending, List<String> steps, String note) {

        String marker() {
            Random random = new Random(id.hashCode() * 31L + 11);
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder marker = new StringBuilder("zr");
            for (int i = 0; i < 10; i++) {
                marker.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return marker.toString();
        }
    }

    static List<Line> lines() throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String file : FILES) {
            String text;
            try (InputStream in = SearchRedTeamTest.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + file);
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] all = text.split("\n", -1);
            for (int i = 0; i < all.length; i++) {
                String line = all[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String where = file + ":" + (i + 1);
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalArgumentException(where + ": expected 5 TAB-separated fields, found " + f.length);
                }
                if (!f[2].equals("closed") && !f[2].equals("pending")) {
                    throw new IllegalArgumentException(where + ": status must be closed or pending");
                }
                List<String> steps = new ArrayList<>();
                for (String step : f[3].split(" ;; ", -1)) {
                    if (step.isBlank()) {
                        throw new IllegalArgumentException(where + ": empty step");
                    }
                    steps.add(step.trim());
                }
                if (steps.stream().noneMatch(s -> s.contains("<M>") || s.startsWith("prep:") || s.startsWith("pbatch:"))) {
                    throw new IllegalArgumentException(where + ": no step carries the marker");
                }
                lines.add(new Line(f[0], backends(where, f[1]), f[2].equals("pending"), steps, f[4]));
            }
        }
        return lines;
    }

    private static Set<Backend> backends(String where, String field) {
        if (field.equals("all")) {
            return EnumSet.allOf(Backend.class);
        }
        Set<Backend> set = EnumSet.noneOf(Backend.class);
        for (String name : field.split(",")) {
            switch (name.trim()) {
                case "sqlite" -> set.add(Backend.SQLITE);
                case "h2" -> set.add(Backend.H2);
                case "postgresql" -> set.add(Backend.POSTGRESQL);
                case "mariadb" -> set.add(Backend.MARIADB);
                default -> throw new IllegalArgumentException(where + ": unknown backend " + name);
            }
        }
        return set;
    }

    static Properties settings(String previous) {
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        if (previous != null) {
            p.setProperty("secret.previous-keys", previous);
        }
        p.setProperty("secret.flows", "classpath:search/flows");
        p.setProperty("secret.search", SEARCH);
        return p;
    }

    /**
     * The settings a line runs with: a previous key for {@code [rotation]} (every lookup matches two index
     * values); {@code secret.read=mask} for {@code [mask]}, and also no key for {@code [nokey]}: then every
     * step must fail with the not-configured message.
     */
    static Properties lineSettings(Line line) {
        Properties p = settings(line.note().contains("[rotation]") ? OLD_KEY : null);
        if (line.note().contains("[mask]") || line.note().contains("[nokey]")) {
            p.setProperty("secret.read", "mask");
        }
        if (line.note().contains("[nokey]")) {
            p.remove("secret.key");
        }
        return p;
    }

    static Connection secret(ConformanceDb db, Properties settings) throws SQLException {
        Properties p = db.db.credentials();
        p.putAll(settings);
        return DriverManager.getConnection(db.recordingSecretUrl(), p);
    }

    /** Fresh tables with index columns and a few seed rows written through the driver (no marker in them). */
    static ConformanceDb tables(Backend backend) throws SQLException {
        return tables(backend, SearchRedTeamTest.class, dir);
    }

    /** The same tables in the database of {@code testClass} ({@code directory}: its static @TempDir, for SQLite). */
    static ConformanceDb tables(Backend backend, Class<?> testClass, Path directory) throws SQLException {
        ConformanceDb db = ConformanceDb.of(backend, testClass, directory);
        String text = "VARCHAR(1000)";
        db.execRaw("DROP TABLE IF EXISTS search_contacts", "DROP TABLE IF EXISTS search_users",
                "DROP TABLE IF EXISTS search_missing", "DROP TABLE IF EXISTS plain_notes",
                "CREATE TABLE search_users (id INTEGER PRIMARY KEY, email " + text + ", email_bidx VARCHAR(24),"
                        + " name VARCHAR(100))",
                "CREATE UNIQUE INDEX search_users_bidx ON search_users (email_bidx)",
                "CREATE TABLE search_contacts (id INTEGER PRIMARY KEY, user_id INTEGER, email " + text
                        + ", email_bidx VARCHAR(24))",
                "CREATE TABLE search_missing (id INTEGER PRIMARY KEY, token " + text + ", token_bidx VARCHAR(24))",
                "CREATE TABLE plain_notes (id INTEGER PRIMARY KEY, note VARCHAR(1000), email_bidx VARCHAR(24))");
        try (Connection c = secret(db, settings(null)); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO search_users (id, email, name) VALUES (1, 'seed1@example.com', 'a'),"
                    + " (2, 'seed2@example.com', 'b')");
            s.executeUpdate("INSERT INTO search_contacts (id, user_id, email) VALUES (1, 1, 'seed1@example.com')");
            s.executeUpdate("INSERT INTO search_missing (id, token) VALUES (1, 'tok1')");
        }
        db.execRaw("INSERT INTO plain_notes (id, note) VALUES (1, 'n1')");
        return db;
    }

    @TestFactory
    List<DynamicNode> redTeam() throws IOException {
        List<Line> lines = lines();
        List<DynamicNode> perBackend = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Line line : lines) {
                if (line.backends().contains(backend)) {
                    tests.add(DynamicTest.dynamicTest(line.id() + " @ " + backend, () -> run(line, backend)));
                }
            }
            perBackend.add(DynamicContainer.dynamicContainer(backend.toString(), tests));
        }
        return perBackend;
    }

    private static void run(Line line, Backend backend) throws Exception {
        if (line.pending() && !Boolean.getBoolean("attacks.runPending")) {
            throw new TestAbortedException("PENDING LEAK " + line.id() + ": " + line.note());
        }
        ConformanceDb db = tables(backend);
        String marker = line.marker();
        List<String> problems = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        RecordingDriver.clear();
        boolean unkeyed = line.note().contains("[mask]") || line.note().contains("[nokey]");
        try (Connection c = secret(db, lineSettings(line))) {
            for (int i = 0; i < line.steps().size(); i++) {
                String step = line.steps().get(i).replace("<M>", marker).replace("\\n", "\n");
                try {
                    runStep(c, step, marker);
                    if (unkeyed) {
                        problems.add("step " + (i + 1) + " ran without a key: a lookup must fail with the"
                                + " not-configured message of reference §7");
                    }
                } catch (SQLException e) {
                    refusals.add("step " + (i + 1) + ": " + e.getMessage());
                    if (unkeyed && !String.valueOf(e.getMessage()).contains("as encryption is not configured")) {
                        problems.add("step " + (i + 1) + " without a key failed, but not with the not-configured message"
                                + " of reference §7: " + e.getMessage());
                    }
                    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                        if (String.valueOf(t).toLowerCase(Locale.ROOT).contains(marker)) {
                            problems.add("step " + (i + 1) + " threw an exception holding the marker: " + t);
                            break;
                        }
                    }
                } catch (RuntimeException | Error e) {
                    problems.add("step " + (i + 1) + " threw " + e + ", not an SQLException");
                }
            }
        }
        for (String sighting : RecordingDriver.sightingsOf(marker)) {
            problems.add("the database was sent the marker: " + sighting);
        }
        problems.addAll(atRest(db, marker));
        if (!problems.isEmpty()) {
            fail(line.id() + " on " + backend + " (" + line.note() + ") leaks:\n  " + String.join("\n  ", problems)
                    + "\nrefusals:\n  " + String.join("\n  ", refusals));
        }
    }

    static void runStep(Connection c, String step, String marker) throws SQLException {
        if (step.startsWith("batch:")) {
            try (Statement s = c.createStatement()) {
                for (String sql : step.substring("batch:".length()).split(" \\|\\| ")) {
                    s.addBatch(sql);
                }
                s.executeBatch();
            }
        } else if (step.startsWith("pbatch:")) {
            String sql = step.substring("pbatch:".length());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int row = 0; row < 2; row++) {
                    for (int i = 1; i <= questionMarks(sql); i++) {
                        ps.setString(i, marker + row);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } else if (step.startsWith("prep")) {
            String[] values = null;
            String sql;
            if (step.startsWith("prep[")) {
                int close = step.indexOf("]:");
                values = step.substring("prep[".length(), close).split("\\|", -1);
                sql = step.substring(close + 2);
            } else {
                sql = step.substring("prep:".length());
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int n = values == null ? questionMarks(sql) : values.length;
                for (int i = 1; i <= n; i++) {
                    String v = values == null ? marker : values[i - 1];
                    if (v.equals("null")) {
                        ps.setNull(i, Types.VARCHAR);
                    } else if (v.startsWith("int:")) {
                        ps.setInt(i, Integer.parseInt(v.substring(4)));
                    } else if (v.startsWith("obj:")) {
                        ps.setObject(i, v.substring(4));
                    } else {
                        ps.setString(i, v);
                    }
                }
                if (ps.execute()) {
                    drain(ps.getResultSet());
                }
            }
        } else {
            try (Statement s = c.createStatement()) {
                if (s.execute(step)) {
                    drain(s.getResultSet());
                }
            }
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getString(i);
                }
            }
        }
    }

    static int questionMarks(String sql) {
        return (int) sql.chars().filter(ch -> ch == '?').count();
    }

    /**
     * What the database holds: no marker in any column of any table; every secret NULL or ciphertext, its
     * index NULL exactly when it is, else equal to the reference index of the decrypted value under the
     * primary key (a stale, foreign or directly written index value is a finding too).
     */
    static List<String> atRest(ConformanceDb db, String marker) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (String table : List.of("search_users", "search_contacts", "search_missing", "plain_notes")) {
            for (List<String> row : db.rawRows("SELECT * FROM " + table)) {
                if (String.valueOf(row).toLowerCase(Locale.ROOT).contains(marker)) {
                    problems.add(table + " holds the marker at rest: row " + row.get(0));
                }
            }
        }
        checkIndexed(db, "search_users", "email", "email_bidx", DOMAIN, problems);
        checkIndexed(db, "search_contacts", "email", "email_bidx", DOMAIN, problems);
        checkIndexed(db, "search_missing", "token", "token_bidx", TOKEN_DOMAIN, problems);
        return problems;
    }

    private static void checkIndexed(ConformanceDb db, String table, String column, String index, String domain,
            List<String> problems) throws SQLException {
        boolean lowercase = domain.equals(DOMAIN);
        for (List<String> row : db.rawRows("SELECT id, " + column + ", " + index + " FROM " + table)) {
            String where = table + " row " + row.get(0) + ": ";
            String stored = row.get(1);
            String bidx = row.get(2);
            if (stored == null) {
                if (bidx != null) {
                    problems.add(where + "NULL " + column + " with an index value");
                }
                continue;
            }
            if (stored.isEmpty()) {
                continue;
            }
            String plain;
            try {
                plain = KestraReference.open(KEY, stored);
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                problems.add(where + column + " is not ciphertext under the key");
                continue;
            }
            String expected = lowercase ? BlindIndexReference.index(KEY, domain, plain, "trim", "lowercase")
                    : BlindIndexReference.index(KEY, domain, plain);
            if (!expected.equals(bidx)) {
                problems.add(where + index + (bidx == null ? " is missing" : " is not the index of the stored value"));
            }
        }
    }

    // ------------------------------------------------------------------ positive controls and the file itself

    /** The oracles can fail: a marker sent in the clear is seen by the recorder and found at rest. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void positiveControlTheOraclesSeeAMarkerSentInTheClear(Backend backend) throws Exception {
        ConformanceDb db = tables(backend);
        String marker = "zrcontrol0001";
        RecordingDriver.clear();
        try (Connection c = secret(db, settings(null)); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO plain_notes (id, note) VALUES (2, '" + marker + "')");
        }
        assertThat(RecordingDriver.sightingsOf(marker)).isNotEmpty();
        assertThat(atRest(db, marker)).anyMatch(p -> p.contains("holds the marker"));
        // a raw write of plaintext and of a wrong index is caught by the at-rest oracle
        db.execRaw("UPDATE search_users SET email = 'plain' WHERE id = 1",
                "UPDATE search_contacts SET email_bidx = 'AAAAAAAAAAAAAAAAAAAAAA==' WHERE id = 1",
                "UPDATE search_missing SET token_bidx = NULL WHERE id = 1");
        assertThat(atRest(db, "zrnothing")).anyMatch(p -> p.contains("search_users row 1: email is not ciphertext"))
                .anyMatch(p -> p.contains("search_contacts row 1: email_bidx is not the index"))
                .anyMatch(p -> p.contains("search_missing row 1: token_bidx is missing"));
    }

    @Test
    void theRedTeamFileIsWellFormedWithUniqueIds() throws IOException {
        List<Line> lines = lines();
        assertThat(lines).hasSizeGreaterThan(50);
        assertThat(lines.stream().map(Line::id).distinct().count()).isEqualTo(lines.size());
        assertThat(lines.stream().map(Line::marker).distinct().count()).isEqualTo(lines.size());
        System.err.println("SEARCH RED TEAM: " + lines.size() + " lines, pending: "
                + lines.stream().filter(Line::pending).map(Line::id).toList());
    }
}
