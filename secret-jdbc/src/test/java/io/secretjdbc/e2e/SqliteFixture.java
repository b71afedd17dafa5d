package io.secretjdbc.e2e;

import io.secretjdbc.testing.KestraReference;

import io.secretjdbc.recording.RecordingDriver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A SQLite file reached three ways: through secret-jdbc over the recording delegate, and raw. Holds the
 * independent oracle for the format: plain javax.crypto, never the project's codec.
 */
final class SqliteFixture {

    /** The key of reference §3's check value. */
    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String OTHER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String FLOWS = "classpath:flows";

    static final String SECRET_RUNS_DDL = "CREATE TABLE secret_runs (id INTEGER PRIMARY KEY, username TEXT, "
            + "secret TEXT, secret_output TEXT, api_token TEXT)";
    static final String CREDENTIALS_DDL = "CREATE TABLE credentials (id INTEGER PRIMARY KEY, name TEXT, "
            + "password TEXT, note TEXT)";

    final Path db;

    SqliteFixture(Path dir) {
        RecordingDriver.register();
        this.db = dir.resolve("test.db");
    }

    String secretUrl() {
        return "jdbc:secret:recording:sqlite:" + db;
    }

    String rawUrl() {
        return "jdbc:sqlite:" + db;
    }

    static Properties props(String key) {
        Properties p = new Properties();
        if (key != null) {
            p.setProperty("secret.key", key);
        }
        p.setProperty("secret.flows", FLOWS);
        return p;
    }

    Connection open() throws SQLException {
        return DriverManager.getConnection(secretUrl(), props(KEY));
    }

    Connection open(Properties props) throws SQLException {
        return DriverManager.getConnection(secretUrl(), props);
    }

    Connection raw() throws SQLException {
        return DriverManager.getConnection(rawUrl());
    }

    void createTables() throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute(SECRET_RUNS_DDL);
            s.execute(CREDENTIALS_DDL);
        }
    }

    /** The stored values of one column, read with the raw driver, in id order. */
    List<String> stored(String table, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static String decryptWithJavaxCrypto(String base64Key, String stored) throws Exception {
        return KestraReference.open(base64Key, stored);
    }

    static String encryptWithJavaxCrypto(String base64Key, String plaintext) throws Exception {
        return KestraReference.seal(base64Key, plaintext);
    }
}
