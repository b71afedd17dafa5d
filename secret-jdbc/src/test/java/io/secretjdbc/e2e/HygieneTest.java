package io.secretjdbc.e2e;

import io.secretjdbc.SecretDataSource;
import io.secretjdbc.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.OTHER_KEY;
import static io.secretjdbc.e2e.SqliteFixture.encryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives every failure this layer has, with logging at its most verbose, and collects every exception
 * message (causes included), log line and toString: none may hold a plaintext value or a key.
 */
class HygieneTest {

    @TempDir
    Path dir;
    SqliteFixture db;
    String marker;
    final List<String> texts = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            texts.add(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    texts.add(String.valueOf(p));
                }
            }
            if (record.getThrown() != null) {
                collect(record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    Level previousLevel;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteFixture(dir);
        db.createTables();
        marker = "PLAINTEXT-" + UUID.randomUUID();
        Logger root = Logger.getLogger("");
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        Logger.getLogger("io.secretjdbc").setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(previousLevel);
    }

    private void collect(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            texts.add(String.valueOf(c.getMessage()));
            texts.add(c.toString());
        }
    }

    private void attempt(ThrowingAction action) {
        try {
            action.run();
        } catch (Exception e) {
            collect(e);
        }
    }

    interface ThrowingAction {
        void run() throws Exception;
    }

    @Test
    void noPlaintextAndNoKeyInMessagesLogsOrToString() throws Exception {
        try (Connection c = db.open()) {
            texts.add(c.toString());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, marker);
                ps.executeUpdate();
                texts.add(ps.toString());
                attempt(() -> ps.setInt(2, 5));
                attempt(() -> ps.setObject(2, new StringBuilder(marker).reverse().toString().getBytes()));
            }
            Statement s = c.createStatement();
            texts.add(s.toString());
            attempt(() -> s.executeQuery("SELECT id FROM secret_runs WHERE secret = '" + marker + "'"));
            attempt(() -> s.executeQuery("SELECT id FROM secret_runs WHERE secret LIKE '%" + marker + "%'"));
            attempt(() -> s.executeUpdate("UPDATE secret_runs SET secret = UPPER('" + marker + "')"));
            attempt(() -> s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (1, '" + marker + "')"));
            attempt(() -> s.executeUpdate("INSERT INTO secret_runs (id, secret VALUES (1, '" + marker + "')"));
            try (ResultSet rs = s.executeQuery("SELECT secret FROM secret_runs")) {
                texts.add(rs.toString());
                rs.next();
                attempt(() -> rs.getInt(1));
                attempt(() -> rs.getBytes(1));
            }
        }
        // Stored values that cannot be read: plaintext, and ciphertext under another key.
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (2, '" + marker + "')");
            s.executeUpdate("INSERT INTO secret_runs (id, secret) VALUES (3, '"
                    + encryptWithJavaxCrypto(OTHER_KEY, marker) + "')");
        }
        try (Connection c = db.open(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT secret FROM secret_runs WHERE id > 1 ORDER BY id")) {
            while (rs.next()) {
                attempt(() -> rs.getString(1));
            }
        }
        // Bad keys and no key.
        attempt(() -> db.open(SqliteFixture.props(KEY.substring(4))));
        attempt(() -> db.open(SqliteFixture.props(KEY + "!")));
        try (Connection c = db.open(SqliteFixture.props(null))) {
            attempt(() -> c.prepareStatement("INSERT INTO secret_runs (id, secret) VALUES (9, '" + marker + "')")
                    .executeUpdate());
        }
        Properties props = SqliteFixture.props(KEY);
        props.setProperty("secret.previous-keys", OTHER_KEY);
        texts.add(SettingsLoader.load(props, Map.of()).settings().toString());
        texts.add(SettingsLoader.load(props, Map.of()).delegateProperties().toString());
        props.setProperty("password", marker);
        texts.add(SettingsLoader.load(props, Map.of()).toString());
        var registry = SettingsLoader.load(props, Map.of()).settings().registry();
        var planner = new io.secretjdbc.sql.Planner(registry);
        for (String sql : new String[] {
            "INSERT INTO secret_runs (id, secret) VALUES (1, '" + marker + "')",
            "UPDATE secret_runs SET secret = '" + marker + "' WHERE id = 1",
            "SELECT id FROM secret_runs WHERE secret = '" + marker + "'",
            "INSERT INTO secret_runs (id, secret VALUES ('" + marker + "'",
        }) {
            io.secretjdbc.sql.Plan plan = planner.plan(sql);
            texts.add(plan.toString());
            texts.add(plan.results().toString());
            attempt(plan::checkAllowed);
        }
        SecretDataSource ds = new SecretDataSource();
        ds.setUrl(db.secretUrl());
        ds.setKey(KEY);
        texts.add(ds.toString());

        assertThat(texts).isNotEmpty();
        assertThat(texts).noneMatch(t -> t.contains(marker));
        assertThat(texts).noneMatch(t -> t.contains(KEY) || t.contains(OTHER_KEY) || t.contains(KEY.substring(4)));
        assertThat(texts).noneMatch(t -> t.contains(new StringBuilder(marker).reverse()));
    }
}
