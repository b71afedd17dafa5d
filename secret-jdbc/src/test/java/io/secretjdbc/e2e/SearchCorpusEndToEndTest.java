package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.BlindIndexReference;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every rewritten line of {@code search/corpus.tsv} end to end on the real database of its dialect
 * (SQLite file, H2 in memory, the PostgreSQL and MariaDB test servers) through
 * {@code jdbc:secret:recording:<url>}. The oracles are the corpus's own reviewed expectations and plain
 * javax.crypto, not the planner:
 * <ul>
 *   <li>the delegate receives exactly the expected text;</li>
 *   <li>each delegate parameter the corpus maps to an index receives the reference index
 *       ({@link BlindIndexReference}) of the value the application bound, under the right key; each one it
 *       maps to {@code enc} receives a ciphertext that {@link KestraReference} opens to that value;</li>
 *   <li>every literal the driver renders as an index is the reference index of a literal of the
 *       statement, every rendered ciphertext opens to one;</li>
 *   <li>the marker bound to every secret parameter never reaches the database;</li>
 *   <li>the statement executes on the real server: a rewrite the server rejects fails the test. The few
 *       lines whose syntax the server itself has no form for are listed, with the reason, in
 *       {@code search/corpus-e2e-rejected.tsv}; for those the server must reject the statement (so the
 *       list cannot hide a line that started to work) but never the driver.</li>
 * </ul>
 * A missing PostgreSQL / MariaDB server skips those lines locally and fails them with {@code CI=true}
 * ({@link TestDatabases#require}).
 */
class SearchCorpusEndToEndTest {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String PREVIOUS = "q5VJ0D8ih9H2vTAkV1FUBOvCi0e1B7cODmKZAZ/TxMo=";
    static final String MARKER = "corpus7mark";
    private static final Pattern INDEX_LITERAL = Pattern.compile("'([A-Za-z0-9+/]{22}==)'");
    private static final Pattern CIPHERTEXT_LITERAL = Pattern.compile("'([A-Za-z0-9+/]{40,}={0,2})'");
    private static final Pattern STRING_LITERAL = Pattern.compile("'((?:[^']|'')*)'");

    /** The server databases, created once per run (a fresh database per backend, tables per line). */
    private static final Map<Backend, TestDatabase> SERVERS = new EnumMap<>(Backend.class);

    @TempDir
    Path dir;

    record Line(int number, Backend backend, int keys, String sql, String template, String mapping) {}

    static List<Arguments> lines() throws IOException {
        Map<String, String> rejected = rejectedLines();
        List<Arguments> out = new ArrayList<>();
        for (Line line : corpus()) {
            if (!line.template().startsWith("!! ")) {
                String reason = rejected.get(line.backend() + "\t" + line.sql());
                out.add(Arguments.of(line, reason));
            }
        }
        return out;
    }

    static List<Line> corpus() throws IOException {
        List<Line> out = new ArrayList<>();
        String[] all = resource("/search/corpus.tsv").split("\n");
        for (int i = 0; i < all.length; i++) {
            String[] f = all[i].split("\t", -1);
            if (all[i].startsWith("#") || f.length < 5) {
                continue;
            }
            out.add(new Line(i + 1, backendOf(f[0]), Integer.parseInt(f[1]), f[2], f[3], f[4]));
        }
        return out;
    }

    /** dialect + tab + statement -> why the server has no form for it. */
    static Map<String, String> rejectedLines() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String row : resource("/search/corpus-e2e-rejected.tsv").split("\n")) {
            String[] f = row.split("\t", -1);
            if (row.startsWith("#") || row.isBlank()) {
                continue;
            }
            if (f.length != 3 || f[2].isBlank()) {
                throw new IllegalStateException("corpus-e2e-rejected.tsv: dialect, statement, reason: " + row);
            }
            out.put(backendOf(f[0]) + "\t" + f[1], f[2]);
        }
        return out;
    }

    private static Backend backendOf(String dialect) {
        return Backend.valueOf(dialect);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SearchCorpusEndToEndTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyDialectRunsEndToEndAndFewLinesAreExcused() throws IOException {
        Map<Backend, Integer> run = new EnumMap<>(Backend.class);
        Map<Backend, Integer> excused = new EnumMap<>(Backend.class);
        for (Arguments a : lines()) {
            Line line = (Line) a.get()[0];
            run.merge(line.backend(), 1, Integer::sum);
            if (a.get()[1] != null) {
                excused.merge(line.backend(), 1, Integer::sum);
            }
        }
        Set<String> listed = new HashSet<>(rejectedLines().keySet());
        for (Line line : corpus()) {
            listed.remove(line.backend() + "\t" + line.sql());
        }
        assertThat(listed).as("rejected-list entries that match no corpus line").isEmpty();
        for (Backend b : Backend.values()) {
            assertThat(run.getOrDefault(b, 0)).as("rewritten lines of " + b).isGreaterThanOrEqualTo(50);
            // "keep them few": at most a fifth of a dialect's lines may be syntax its server lacks
            assertThat(excused.getOrDefault(b, 0) * 5).as("excused lines of " + b + " of " + run.get(b))
                    .isLessThanOrEqualTo(run.get(b));
        }
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("lines")
    void runsWithExactlyTheExpectedTextAndValues(Line line, String rejectedBecause) throws Exception {
        TestDatabase db = database(line.backend());
        createTables(db);
        Map<Integer, Integer> delegateApp = new HashMap<>();
        Map<Integer, String> delegateHow = new HashMap<>();
        Set<Integer> secretApps = new HashSet<>();
        for (String entry : line.mapping().isBlank() ? new String[0] : line.mapping().split(" ")) {
            String[] parts = entry.split("<-|:");
            int d = Integer.parseInt(parts[0]);
            int a = Integer.parseInt(parts[1]);
            delegateApp.put(d, a);
            if (parts.length > 2) {
                delegateHow.put(d, parts[2]);
                secretApps.add(a);
            }
        }
        int appParameters = delegateApp.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        RecordingDriver.clear();
        boolean bound = false;
        SQLException failure = null;
        try (Connection c = open(db, line.keys())) {
            if (appParameters > 0) {
                try (PreparedStatement ps = c.prepareStatement(line.sql())) {
                    bound = true; // H2 prepares on the server and may refuse here already
                    for (int a = 1; a <= appParameters; a++) {
                        // plain values are strings the server converts (PostgreSQL: stringtype=unspecified),
                        // so one binding fits both the id and the name columns
                        ps.setString(a, secretApps.contains(a) ? "V" + a + "." + MARKER : String.valueOf(a));
                    }
                    ps.execute();
                }
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute(line.sql());
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
        if (rejectedBecause == null) {
            assertThat((Throwable) failure).as("line %d executes on %s", line.number(), line.backend()).isNull();
        } else {
            assertThat((Throwable) failure).as("line %d is listed as rejected by %s (%s), so the server must reject it;"
                    + " remove it from corpus-e2e-rejected.tsv if it runs now", line.number(), line.backend(),
                    rejectedBecause).isNotNull();
            assertThat(failure.getSQLState()).as("rejected by the server, not by the driver: " + failure.getMessage())
                    .isNotEqualTo("0A000");
        }
        List<RecordingDriver.Call> calls = RecordingDriver.calls();
        String sent = sentText(calls, line.template());
        String domain = line.sql().contains("accounts") ? "accounts.token" : "users.email";
        String[] normalization = domain.equals("accounts.token") ? new String[0] : new String[] {"trim", "lowercase"};
        checkRenderedLiterals(line, sent, domain, normalization);
        for (Map.Entry<Integer, String> e : delegateHow.entrySet()) {
            if (!bound) {
                continue;
            }
            String value = "V" + delegateApp.get(e.getKey()) + "." + MARKER;
            List<String> received = boundStrings(calls, e.getKey());
            if (e.getValue().equals("enc")) {
                assertThat(received).as("delegate parameter " + e.getKey() + " gets a ciphertext of the bound value")
                        .anyMatch(v -> value.equals(openOrNull(v)));
            } else {
                int key = Integer.parseInt(e.getValue().substring(3));
                String reference = BlindIndexReference.index(key == 0 ? KEY : PREVIOUS, domain, value, normalization);
                assertThat(received).as("delegate parameter " + e.getKey() + " gets the reference index under key " + key)
                        .contains(reference);
            }
        }
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
    }

    /** The one SQL text the delegate received that matches the corpus template. */
    private static String sentText(List<RecordingDriver.Call> calls, String template) {
        Pattern expected = Pattern.compile(Pattern.quote(template)
                .replace("'<index 0>'", "\\E'[A-Za-z0-9+/]{22}=='\\Q")
                .replace("'<index 1>'", "\\E'[A-Za-z0-9+/]{22}=='\\Q")
                .replace("'<ciphertext>'", "\\E'[A-Za-z0-9+/]+={0,2}'\\Q"));
        List<String> matching = new ArrayList<>();
        for (RecordingDriver.Call call : calls) {
            if (call.sendsSql() && !call.arguments().isEmpty() && expected.matcher(call.arguments().get(0)).matches()) {
                matching.add(call.arguments().get(0));
            }
        }
        assertThat(matching).as("the delegate received the expected text " + template).isNotEmpty();
        return matching.get(0);
    }

    /**
     * Every index literal the driver rendered is the reference index, under the primary or the previous key,
     * of a string literal of the application's statement (or of all of them concatenated, MySQL's
     * {@code 'a' 'b'}); every rendered ciphertext opens to one.
     */
    private static void checkRenderedLiterals(Line line, String sent, String domain, String[] normalization) {
        List<String> literals = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        Matcher m = STRING_LITERAL.matcher(line.sql());
        while (m.find()) {
            String literal = m.group(1).replace("''", "'");
            literals.add(literal);
            joined.append(literal);
        }
        literals.add(joined.toString());
        Set<String> indexes = new HashSet<>();
        for (String literal : literals) {
            indexes.add(BlindIndexReference.index(KEY, domain, literal, normalization));
            if (line.keys() == 2) {
                indexes.add(BlindIndexReference.index(PREVIOUS, domain, literal, normalization));
            }
        }
        Matcher index = INDEX_LITERAL.matcher(sent);
        while (index.find()) {
            assertThat(indexes).as("rendered index literal of line " + line.number()).contains(index.group(1));
        }
        Matcher ciphertext = CIPHERTEXT_LITERAL.matcher(sent);
        while (ciphertext.find()) {
            assertThat(literals).as("rendered ciphertext of line " + line.number() + " opens to a literal")
                    .contains(openOrNull(ciphertext.group(1)));
        }
    }

    private static List<String> boundStrings(List<RecordingDriver.Call> calls, int parameter) {
        List<String> values = new ArrayList<>();
        for (RecordingDriver.Call call : calls) {
            if (call.method().equals("setString") && call.arguments().size() == 2
                    && call.arguments().get(0).equals(String.valueOf(parameter))) {
                values.add(call.arguments().get(1));
            }
        }
        return values;
    }

    private static String openOrNull(String stored) {
        try {
            return KestraReference.open(KEY, stored);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null; // not a ciphertext under the key: the assertion that asked reports the value
        }
    }

    private TestDatabase database(Backend backend) throws SQLException {
        switch (backend) {
            case SQLITE:
                return TestDatabases.fresh(Backend.SQLITE, "search_corpus_e2e", dir);
            case H2:
                return TestDatabases.h2("search_corpus_e2e");
            default:
                synchronized (SERVERS) {
                    TestDatabase db = SERVERS.get(backend);
                    if (db == null) {
                        db = TestDatabases.fresh(backend, "search_corpus_e2e", dir);
                        SERVERS.put(backend, db);
                    }
                    return db;
                }
        }
    }

    @AfterAll
    static void forgetServers() {
        SERVERS.clear();
    }

    /**
     * The tables of {@code corpus-flows}, recreated for each line so every line starts empty: a primary key
     * on id and unique keys on the index columns, so that the upsert lines' conflict targets exist.
     */
    private static void createTables(TestDatabase db) throws SQLException {
        boolean schemas = db.backend() == Backend.POSTGRESQL || db.backend() == Backend.H2;
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            if (schemas) {
                s.execute("DROP SCHEMA IF EXISTS main CASCADE");
            }
            for (String table : new String[] {"users", "contacts", "accounts"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            List<String> prefixes = new ArrayList<>(List.of(""));
            if (schemas) {
                s.execute("CREATE SCHEMA main"); // the lines that name main.users (SQLite's schema name)
                prefixes.add("main.");
            }
            for (String p : prefixes) {
                s.execute("CREATE TABLE " + p + "users (id INT PRIMARY KEY, email VARCHAR(400), ssn VARCHAR(400),"
                        + " name VARCHAR(400), email_bidx VARCHAR(44) UNIQUE, UNIQUE (email_bidx, id))");
            }
            s.execute("CREATE TABLE contacts (id INT PRIMARY KEY, user_id INT, email VARCHAR(400),"
                    + " contact_bidx VARCHAR(44))");
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, token VARCHAR(400), token_bidx VARCHAR(44) UNIQUE)");
        }
    }

    private static Connection open(TestDatabase db, int keys) throws SQLException {
        RecordingDriver.register();
        Properties p = db.credentials();
        p.setProperty("secret.key", KEY);
        if (keys == 2) {
            p.setProperty("secret.previous-keys", PREVIOUS);
        }
        p.setProperty("secret.flows", "classpath:search/corpus-flows");
        p.setProperty("secret.search", "users.email:email_bidx/trim+lowercase,"
                + " contacts.email:contact_bidx/trim+lowercase@users.email, accounts.token:token_bidx");
        String url = db.url().substring("jdbc:".length());
        if (db.backend() == Backend.POSTGRESQL) {
            url += (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
        }
        return DriverManager.getConnection("jdbc:secret:recording:" + url, p);
    }
}
