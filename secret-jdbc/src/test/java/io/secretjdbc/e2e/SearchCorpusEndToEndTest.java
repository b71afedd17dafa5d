package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.BlindIndexReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the rewritten SQLite lines of {@code search/corpus.tsv} end to end through
 * {@code jdbc:secret:recording:sqlite:}. The oracles are the corpus's own reviewed expectations and plain
 * javax.crypto, not the planner: the delegate receives exactly the expected text (rendered literals
 * shaped as index values or ciphertext), each delegate parameter the corpus maps to an index receives the
 * reference index (BlindIndexReference) of the marker bound by the application under the right key, and
 * the marker bound to every secret parameter never reaches the database. The statement may still fail
 * with SQLite's own error (MySQL syntax, a conflict target without a unique index), never with ours.
 */
class SearchCorpusEndToEndTest {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String PREVIOUS = "q5VJ0D8ih9H2vTAkV1FUBOvCi0e1B7cODmKZAZ/TxMo=";
    static final String MARKER = "corpus7mark";
    private static final Pattern INDEX = Pattern.compile("[A-Za-z0-9+/]{22}==");

    @TempDir
    Path dir;

    static List<Arguments> lines() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = SearchCorpusEndToEndTest.class.getResourceAsStream("/search/corpus.tsv")) {
            String[] all = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < all.length; i++) {
                String[] f = all[i].split("\t", -1);
                if (all[i].startsWith("#") || f.length < 5 || !f[0].equals("SQLITE")) {
                    continue;
                }
                out.add(Arguments.of(i + 1, Integer.parseInt(f[1]), f[2], f[3], f[4]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "line {0}: {2}")
    @MethodSource("lines")
    void runsWithExactlyTheExpectedTextAndValues(int number, int keys, String sql, String template, String mapping)
            throws Exception {
        SqliteFixture db = new SqliteFixture(dir);
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER, email TEXT, ssn TEXT, name TEXT, email_bidx TEXT)");
            s.execute("CREATE TABLE contacts (id INTEGER, user_id INTEGER, email TEXT, contact_bidx TEXT)");
            s.execute("CREATE TABLE accounts (id INTEGER, token TEXT, token_bidx TEXT)");
        }
        // application parameter -> how the corpus says it is used ("enc", "idx0", ...) for each delegate
        Map<Integer, Integer> delegateApp = new HashMap<>();
        Map<Integer, String> delegateHow = new HashMap<>();
        java.util.Set<Integer> secretApps = new java.util.HashSet<>();
        for (String entry : mapping.isBlank() ? new String[0] : mapping.split(" ")) {
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
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        if (keys == 2) {
            p.setProperty("secret.previous-keys", PREVIOUS);
        }
        p.setProperty("secret.flows", "classpath:search/corpus-flows");
        p.setProperty("secret.search", "users.email:email_bidx/trim+lowercase,"
                + " contacts.email:contact_bidx/trim+lowercase@users.email, accounts.token:token_bidx");
        RecordingDriver.clear();
        boolean bound = false;
        try (Connection c = db.open(p)) {
            if (appParameters > 0) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bound = true; // SQLite itself may refuse to prepare (MySQL syntax, no unique index)
                    for (int a = 1; a <= appParameters; a++) {
                        if (secretApps.contains(a)) {
                            ps.setString(a, "V" + a + "." + MARKER);
                        } else {
                            ps.setInt(a, a);
                        }
                    }
                    ps.execute();
                }
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as("not refused by the driver: " + e.getMessage()).isNotEqualTo("0A000");
        }
        Pattern expected = Pattern.compile(Pattern.quote(template)
                .replace("'<index 0>'", "\\E'[A-Za-z0-9+/]{22}=='\\Q")
                .replace("'<index 1>'", "\\E'[A-Za-z0-9+/]{22}=='\\Q")
                .replace("'<ciphertext>'", "\\E'[A-Za-z0-9+/]+={0,2}'\\Q"));
        List<RecordingDriver.Call> calls = RecordingDriver.calls();
        assertThat(calls).as("the delegate received the expected text")
                .anyMatch(call -> call.sendsSql() && !call.arguments().isEmpty()
                        && expected.matcher(call.arguments().get(0)).matches());
        for (Map.Entry<Integer, String> e : delegateHow.entrySet()) {
            if (!bound || !e.getValue().startsWith("idx")) {
                continue;
            }
            int key = Integer.parseInt(e.getValue().substring(3));
            String domain = sql.contains("accounts") ? "accounts.token" : "users.email";
            String value = "V" + delegateApp.get(e.getKey()) + "." + MARKER;
            String reference = BlindIndexReference.index(key == 0 ? KEY : PREVIOUS, domain, value, "trim", "lowercase");
            String referenceRaw = BlindIndexReference.index(key == 0 ? KEY : PREVIOUS, domain, value);
            assertThat(calls).as("delegate parameter " + e.getKey() + " gets the reference index under key " + key)
                    .anyMatch(call -> call.method().equals("setString") && call.arguments().size() == 2
                            && call.arguments().get(0).equals(String.valueOf(e.getKey()))
                            && (call.arguments().get(1).equals(reference) || domain.equals("accounts.token")
                                    && call.arguments().get(1).equals(referenceRaw)));
        }
        assertThat(RecordingDriver.sightingsOf(MARKER)).isEmpty();
        assertThat(RecordingDriver.sightingsOf(MARKER.toLowerCase())).isEmpty();
    }
}
