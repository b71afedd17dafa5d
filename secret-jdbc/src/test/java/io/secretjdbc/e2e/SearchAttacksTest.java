package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.KestraReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How would a plaintext value or a search term sneak past a blind index (reference §6 "Search")? Each line
 * tries one way on a real SQLite database through the recording delegate, whose lexer is the most
 * permissive ({@code "x"} may be a string there). Whatever the driver does with the line (refuse it, or
 * rewrite and run it, or let SQLite fail on it), the marker {@code <M>} never reaches the database, and
 * afterwards every stored secret is NULL or ciphertext that plain javax.crypto opens, and every stored
 * index value is NULL or shaped like an index value. {@code ?} parameters are bound to the marker.
 * (Text the application writes in a comment is its own and is sent as written, as without search.)
 */
class SearchAttacksTest {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String MARKER = "sneak9mark";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        // the index column written directly, by every route
        "INSERT INTO search_users (id, email_bidx) VALUES (1, '<M>')",
        "INSERT INTO search_users (id, email, email_bidx) VALUES (1, 'a', '<M>')",
        "INSERT INTO search_users (id, \"EMAIL_BIDX\") VALUES (1, '<M>')",
        "INSERT INTO search_users (id, [email_bidx]) VALUES (1, '<M>')",
        "INSERT INTO search_users VALUES (1, '<M>', '<M>', 'n')",
        "UPDATE search_users SET email_bidx = '<M>'",
        "UPDATE search_users SET email_bidx = ?",
        "UPDATE search_users AS u SET u.email_bidx = '<M>'",
        "INSERT INTO search_users (id, email) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET email_bidx = '<M>'",
        "INSERT INTO search_users (id, email_bidx) SELECT 1, '<M>'",
        // a secret compared with something the index cannot answer
        "SELECT id FROM search_users WHERE email = name || '<M>'",
        "SELECT id FROM search_users WHERE email = lower('<M>')",
        "SELECT id FROM search_users WHERE email = CAST('<M>' AS TEXT)",
        "SELECT id FROM search_users WHERE email = '<M>' || ''",
        "SELECT id FROM search_users WHERE email LIKE '<M>%'",
        "SELECT id FROM search_users WHERE email > '<M>'",
        "SELECT id FROM search_users WHERE email BETWEEN '<M>' AND 'z'",
        "SELECT id FROM search_users WHERE email IN (SELECT '<M>')",
        "SELECT id FROM search_users WHERE email = (SELECT '<M>')",
        "SELECT id FROM search_users WHERE email = ('<M>')",
        "SELECT id FROM search_users WHERE email = '<M>' COLLATE NOCASE",
        "SELECT id FROM search_users WHERE email IS '<M>'",
        "SELECT id FROM search_users WHERE email IS NOT DISTINCT FROM '<M>'",
        "SELECT id FROM search_users WHERE CASE email WHEN '<M>' THEN 1 END = 1",
        "SELECT id FROM search_users WHERE instr(email, '<M>') > 0",
        "SELECT id FROM (SELECT id, email FROM search_users) s WHERE s.email = '<M>'",
        "WITH s AS (SELECT email FROM search_users) SELECT 1 FROM s WHERE email = '<M>'",
        "SELECT id FROM search_users u JOIN search_missing m ON m.token = u.email WHERE m.token = '<M>'",
        "SELECT id FROM search_users WHERE email = name AND name = '<M>'",
        // literal search terms in odd quoting forms
        "SELECT id FROM search_users WHERE email = \"<M>\"",
        "SELECT id FROM search_users WHERE email = `<M>`",
        "SELECT id FROM search_users WHERE email = [<M>]",
        "SELECT id FROM search_users WHERE email = '<M>'",
        "SELECT id FROM search_users WHERE email = N'<M>'",
        "SELECT id FROM search_users WHERE email = '<M>''s'",
        "SELECT id FROM search_users WHERE email = '<M>' /* 'x' */",
        "SELECT id FROM search_users WHERE email = /* x */ '<M>'",
        "SELECT id FROM search_users WHERE email = '<M>' -- 'x'",
        "SELECT id FROM search_users WHERE email IN ('a', '<M>', NULL)",
        "SELECT id FROM search_users WHERE email NOT IN ('<M>')",
        "SELECT id FROM search_users WHERE '<M>' = email",
        "SELECT id FROM search_users WHERE email = '<M>' 'x'",
        "SELECT id FROM search_users WHERE email = x'41'",
        "SELECT id FROM search_users WHERE email = '<M>\\'",
        "SELECT id FROM search_users WHERE email = ?",
        "SELECT id FROM search_users WHERE email = ?1",
        "SELECT id FROM search_users WHERE email = :m",
        "SELECT id FROM search_users WHERE email = @m",
        "DELETE FROM search_users WHERE email = '<M>'",
        "UPDATE search_users SET name = 'n' WHERE email <> '<M>'",
        // writes that would store the value without its index, or the index of another value
        "INSERT INTO search_users (id, email) VALUES (1, '<M>')",
        "INSERT INTO search_users (id, email) VALUES (1, ?), (2, '<M>')",
        "INSERT INTO search_users (id, email) SELECT 1, '<M>'",
        "INSERT INTO search_users (id, email) VALUES (1, '<M>') ON CONFLICT (email) DO UPDATE SET email = '<M>'",
        "INSERT INTO search_users (id, email) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET email = lower('<M>')",
        "UPDATE search_users SET email = '<M>' || ''",
        "UPDATE search_users SET email = (SELECT '<M>')",
        "UPDATE search_users SET (email, name) = ('<M>', 'n')",
        "UPDATE search_users SET email = ?, email = '<M>'",
        "REPLACE INTO search_users (id, email) VALUES (1, '<M>')",
        "INSERT OR REPLACE INTO search_users (id, email) VALUES (1, ?)",
        "INSERT INTO search_users (id, email) VALUES (1, '<M>'); DELETE FROM search_users",
    })
    void noPlaintextReachesTheDatabase(String line) throws Exception {
        String sql = line.replace("<M>", MARKER);
        SqliteFixture db = new SqliteFixture(dir);
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE search_users (id INTEGER PRIMARY KEY, email TEXT, email_bidx TEXT, name TEXT)");
            s.execute("CREATE UNIQUE INDEX search_users_bidx ON search_users (email_bidx)");
            s.execute("CREATE TABLE search_contacts (id INTEGER, user_id INTEGER, email TEXT, email_bidx TEXT)");
            s.execute("CREATE TABLE search_missing (id INTEGER, token TEXT, token_bidx TEXT)");
        }
        RecordingDriver.register();
        RecordingDriver.clear();
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        p.setProperty("secret.flows", "classpath:search/flows");
        p.setProperty("secret.search", "search_users.email:email_bidx/trim+lowercase@people.email,"
                + " search_contacts.email:email_bidx/trim+lowercase@people.email, search_missing.token:token_bidx");
        boolean refused = false;
        try (Connection c = db.open(p)) {
            if (sql.contains("?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int n = (int) sql.chars().filter(ch -> ch == '?').count();
                    for (int i = 1; i <= n; i++) {
                        ps.setString(i, MARKER);
                    }
                    ps.execute();
                }
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
        } catch (SQLException e) {
            refused = "0A000".equals(e.getSQLState());
            assertThat(e.getMessage()).doesNotContain(MARKER);
        }
        assertThat(RecordingDriver.sightingsOf(MARKER)).as(line + (refused ? " (refused)" : "")).isEmpty();
        if (refused) {
            assertThat(RecordingDriver.sqlSent()).as("nothing of a refused line is sent")
                    .noneMatch(s -> s.contains("email") && !s.startsWith("Statement.executeQuery(PRAGMA"));
        }
        try (Connection raw = db.raw(); Statement s = raw.createStatement();
                ResultSet rs = s.executeQuery("SELECT email, email_bidx FROM search_users")) {
            List<String> wrong = new ArrayList<>();
            while (rs.next()) {
                String email = rs.getString(1);
                String index = rs.getString(2);
                if (email != null && !email.isEmpty() && !KestraReference.opens(KEY, email)) {
                    wrong.add("email not ciphertext");
                }
                if (index != null && !index.matches("[A-Za-z0-9+/]{22}==")) {
                    wrong.add("index not an index value");
                }
                if (email != null && index == null) {
                    wrong.add("a secret stored without its index");
                }
            }
            assertThat(wrong).isEmpty();
        }
    }
}
