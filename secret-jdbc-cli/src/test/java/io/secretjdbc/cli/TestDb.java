package io.secretjdbc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.Keyring;
import io.secretjdbc.testing.ReferenceCodec;

/** Seeds and reads SQLite files through the raw driver, and writes flow files, for the CLI tests. */
final class TestDb {

    static final String KEY = KeygenCommand.newKey();
    static final String OLD_KEY = KeygenCommand.newKey();

    private TestDb() {
    }

    /**
     * The independent oracle for what the tools stored: plain javax.crypto under one key. Tests check
     * values with it, never with the codec under test.
     */
    static ReferenceCodec reference(String key) {
        return new ReferenceCodec(key);
    }

    /** The product's codec, for the tests of classes built on it (ReencrypterTest) only. */
    static KestraCodec codec(String key, String... previous) throws KeyException {
        return new KestraCodec(Keyring.fromBase64(key, List.of(previous)));
    }

    /** A flow whose table {@code creds} has SECRET inputs {@code password} and {@code token}. */
    static Path flow(Path dir) throws IOException {
        Path flow = dir.resolve("creds.yml");
        Files.writeString(flow, """
                id: creds
                namespace: test
                inputs:
                  - id: username
                    type: STRING
                  - id: password
                    type: SECRET
                  - id: token
                    type: SECRET
                tasks: []
                """);
        return flow;
    }

    static String url(Path db) {
        return "jdbc:sqlite:" + db;
    }

    static Connection raw(Path db) throws SQLException {
        return DriverManager.getConnection(url(db));
    }

    static void execute(Path db, String... sql) throws SQLException {
        try (Connection c = raw(db); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** {@code creds(id INTEGER PRIMARY KEY, username, password, token)} with n rows of plaintext pw-i / tk-i. */
    static void plaintextRows(Path db, int n) throws SQLException {
        execute(db, "CREATE TABLE creds (id INTEGER PRIMARY KEY, username TEXT, password TEXT, token TEXT)");
        try (Connection c = raw(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO creds (id, username, password, token) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= n; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "user-" + i);
                    insert.setString(3, "pw-" + i);
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
    }

    /** id -> {password, token} as stored. */
    static Map<Integer, String[]> stored(Path db) throws SQLException {
        Map<Integer, String[]> rows = new LinkedHashMap<>();
        try (Connection c = raw(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, password, token FROM creds ORDER BY id")) {
            while (r.next()) {
                rows.put(r.getInt(1), new String[] {r.getString(2), r.getString(3)});
            }
        }
        return rows;
    }
}
