package io.secretjdbc.conformance;

import io.secretjdbc.testing.KestraReference;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One backend's database for the conformance suite, reached three ways: through secret-jdbc over the
 * recording delegate (the "nothing reaches the database" oracle), through secret-jdbc directly (pools,
 * load), and raw. Knows each backend's DDL types, and holds plain javax.crypto helpers that stand in
 * for Kestra, independent of the project's codec.
 */
final class ConformanceDb {

    /** The key of reference §3's check value. */
    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String FLOWS = "classpath:flows,classpath:conformance/flows";
    /** Unicode across all UTF-8 lengths, with 4-byte code points (emoji, musical symbol). */
    static final String UNICODE = "héllo wörld ✓ 日本語 Ωμέγα 🔐🚀 𝄞 😀";

    private static final Map<String, ConformanceDb> OPEN = new HashMap<>();

    final Backend backend;
    final TestDatabase db;

    private ConformanceDb(Backend backend, TestDatabase db) {
        this.backend = backend;
        this.db = db;
    }

    /**
     * The database of {@code backend} for {@code testClass}: made fresh (empty) on first use, then shared by
     * the class's tests, which recreate their tables. Skips or fails (CI) per TestDatabases when a server is
     * missing. {@code dir} holds the SQLite file: a static {@code @TempDir}.
     */
    static synchronized ConformanceDb of(Backend backend, Class<?> testClass, Path dir) throws SQLException {
        RecordingDriver.register();
        String key = testClass.getName() + "/" + backend;
        ConformanceDb db = OPEN.get(key);
        if (db == null) {
            db = new ConformanceDb(backend, TestDatabases.fresh(backend, "c_" + testClass.getSimpleName(), dir));
            OPEN.put(key, db);
        }
        return db;
    }

    /**
     * The database of {@link #of}, with the shared flows' tables ({@code credentials}, {@code secret_runs})
     * dropped and created empty by {@link #createTables}. Nothing else is reset: other tables (and views)
     * the class's earlier tests made are left as they are, and the recording delegate keeps what it has
     * seen, so a test that needs an empty recording calls {@code RecordingDriver.clear()} itself. A view
     * over these tables makes PostgreSQL refuse the drop: ExistingViewConformanceTest drops its views
     * first and then calls {@link #createTables}.
     */
    static ConformanceDb withEmptyFlowTables(Backend backend, Class<?> testClass, Path dir) throws SQLException {
        ConformanceDb db = of(backend, testClass, dir);
        db.createTables();
        return db;
    }

    static Properties settings() {
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        p.setProperty("secret.flows", FLOWS);
        return p;
    }

    /** secret-jdbc over the recording delegate: every SQL text and bound value is recorded. */
    Connection secret() throws SQLException {
        Properties p = db.credentials();
        p.putAll(settings());
        return DriverManager.getConnection(recordingSecretUrl(), p);
    }

    String recordingSecretUrl() {
        return "jdbc:secret:recording:" + db.url().substring("jdbc:".length());
    }

    /** secret-jdbc straight over the backend's driver. */
    Connection secretDirect() throws SQLException {
        return db.connectSecret(settings());
    }

    Connection raw() throws SQLException {
        return db.connectRaw();
    }

    // ------------------------------------------------------------------------------ dialect

    /** A column type that holds any value of these tests (100 KB plaintext is ~136 K characters encrypted). */
    String longText() {
        switch (backend) {
            case H2: return "CLOB";
            case MARIADB: return "MEDIUMTEXT";
            default: return "TEXT";
        }
    }

    /** The tables of the shared flows (flows/secret_runs.yml, flows/credentials.yml), dropped first. */
    void createTables() throws SQLException {
        String text = longText();
        execRaw("DROP TABLE IF EXISTS secret_runs", "DROP TABLE IF EXISTS credentials",
                "CREATE TABLE credentials (id INTEGER PRIMARY KEY, name VARCHAR(100), password " + text
                        + ", note VARCHAR(200))",
                "CREATE TABLE secret_runs (id INTEGER PRIMARY KEY, username VARCHAR(100), secret " + text
                        + ", secret_output " + text + ", api_token " + text + ")");
    }

    void execRaw(String... statements) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Rows of a query run with the raw driver, each row as a list of getString values. */
    List<List<String>> rawRows(String sql) throws SQLException {
        try (Connection c = raw()) {
            return rows(c, sql);
        }
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One column of a table, by id, read raw. */
    List<String> stored(String table, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        for (List<String> row : rawRows("SELECT " + column + " FROM " + table + " ORDER BY id")) {
            values.add(row.get(0));
        }
        return values;
    }

    long count(String table) throws SQLException {
        return Long.parseLong(rawRows("SELECT COUNT(*) FROM " + table).get(0).get(0));
    }

    /** Asserts the stored value is Kestra ciphertext of {@code plaintext}, checked with plain javax.crypto. */
    static void assertCiphertextOf(String stored, String plaintext) throws Exception {
        assertThat(stored).as("stored value").isNotEqualTo(plaintext).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(decrypt(stored)).isEqualTo(plaintext);
    }

    // ------------------------------------------------------------- Kestra's format, by hand

    static String decrypt(String stored) throws Exception {
        return KestraReference.open(KEY, stored);
    }

    static String encrypt(String plaintext) throws Exception {
        return KestraReference.seal(KEY, plaintext);
    }

    static String encrypt(String plaintext, byte[] iv) throws Exception {
        return KestraReference.seal(KEY, plaintext, iv);
    }

    /** A string of exactly {@code bytes} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters, starting with {@code marker}. */
    static String utf8OfBytes(String marker, int bytes) {
        StringBuilder sb = new StringBuilder(marker);
        String[] pieces = {"a", "é", "✓", "🔐"};
        int used = marker.getBytes(StandardCharsets.UTF_8).length;
        int i = 0;
        while (used < bytes) {
            String piece = pieces[i++ % pieces.length];
            int size = piece.getBytes(StandardCharsets.UTF_8).length;
            if (used + size > bytes) {
                piece = "a";
                size = 1;
            }
            sb.append(piece);
            used += size;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
