package io.secretjdbc.e2e;

import io.secretjdbc.recording.RecordingDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.secretjdbc.e2e.SqliteFixture.KEY;
import static io.secretjdbc.e2e.SqliteFixture.decryptWithJavaxCrypto;
import static io.secretjdbc.e2e.SqliteFixture.encryptWithJavaxCrypto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes and reads through the driver on a real SQLite file, with the recording delegate as the leak oracle. */
class WriteReadEndToEndTest {

    @TempDir
    Path dir;
    SqliteFixture db;
    String marker;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteFixture(dir);
        db.createTables();
        marker = "PLAINTEXT-" + UUID.randomUUID();
    }

    @AfterEach
    void noPlaintextReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate").isEmpty();
    }

    @Test
    void preparedInsertStoresKestraCiphertextThatPlainJavaxCryptoOpens() throws Exception {
        try (Connection c = db.open();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO secret_runs (id, username, secret) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "alice");
            ps.setString(3, marker);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        String stored = db.stored("secret_runs", "secret").get(0);
        assertThat(stored).isNotEqualTo(marker).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(decryptWithJavaxCrypto(KEY, stored)).isEqualTo(marker);
        assertThat(db.stored("secret_runs", "username")).containsExactly("alice");
        // The oracle sees bound values: the ciphertext and the plain value did cross it.
        assertThat(RecordingDriver.sightingsOf(stored)).isNotEmpty();
        assertThat(RecordingDriver.sightingsOf("alice")).isNotEmpty();
    }

    @Test
    void specCheckValueReadsBackAsHelloWorld() throws Exception {
        try (Connection raw = db.raw(); Statement s = raw.createStatement()) {
            s.execute("INSERT INTO secret_runs (id, secret) VALUES "
                    + "(1, 'AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==')");
        }
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secret FROM secret_runs WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Hello World!");
        }
    }

    @Test
    void valuesMadeByPlainJavaxCryptoAreReadBack() throws Exception {
        String stored = encryptWithJavaxCrypto(KEY, "kestra wrote this ✓ ünïcödé");
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (7, ?)")) {
            ps.setString(1, stored);
            ps.executeUpdate();
        }
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getString("secret")).isEqualTo("kestra wrote this ✓ ünïcödé");
        }
    }

    @Test
    void everyTextAccessorDecryptsByIndexAndByLabel() throws Exception {
        insert(1, "bob", marker);
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, username, secret AS s FROM secret_runs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(3)).isEqualTo(marker);
            assertThat(rs.getString("s")).isEqualTo(marker);
            assertThat(rs.getString("S")).isEqualTo(marker);
            assertThat(rs.getObject(3)).isEqualTo(marker);
            assertThat(rs.getObject("s")).isEqualTo(marker);
            assertThat(rs.getObject(3, String.class)).isEqualTo(marker);
            assertThat(rs.getNString(3)).isEqualTo(marker);
            assertThat(read(rs.getCharacterStream(3))).isEqualTo(marker);
            assertThat(read(rs.getNCharacterStream("s"))).isEqualTo(marker);
            assertThat(rs.getString("username")).isEqualTo("bob");
            assertThat(rs.getInt(1)).isEqualTo(1);
            // typed getters parse the decrypted text (reference §6 "Typed values"); a text that is no number
            // fails naming the column and the type, never the value
            assertThatThrownBy(() -> rs.getInt(3)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("secret_runs.secret").hasMessageContaining("Integer")
                    .hasMessageNotContaining(marker).hasNoCause();
        }
    }

    @Test
    void starTableStarAliasesAndJoinsAreDecrypted() throws Exception {
        insert(1, "carol", marker);
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (1, 'carol', 'pw-" + marker + "')");
            try (ResultSet rs = s.executeQuery("SELECT * FROM secret_runs")) {
                rs.next();
                assertThat(rs.getString("secret")).isEqualTo(marker);
                assertThat(rs.getString("username")).isEqualTo("carol");
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT r.*, k.password AS pw FROM secret_runs r JOIN credentials k ON k.id = r.id")) {
                rs.next();
                assertThat(rs.getString("secret")).isEqualTo(marker);
                assertThat(rs.getString("pw")).isEqualTo("pw-" + marker);
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT k.*, r.secret FROM credentials AS k, secret_runs AS r WHERE k.id = r.id")) {
                rs.next();
                assertThat(rs.getString("password")).isEqualTo("pw-" + marker);
                assertThat(rs.getString("name")).isEqualTo("carol");
                assertThat(rs.getString(5)).isEqualTo(marker);
            }
        }
        assertThat(db.stored("credentials", "password").get(0)).doesNotContain(marker);
    }

    @Test
    void multiRowLiteralInsertAndUpdateAreEncrypted() throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO secret_runs (id, username, secret) VALUES (1, 'a', 'one-" + marker
                    + "'), (2, 'b', 'two-" + marker + "'), (3, 'c', NULL), (4, 'd', '')");
            s.executeUpdate("UPDATE secret_runs SET secret = 'new-" + marker + "', username = 'z' WHERE id = 2");
            try (ResultSet rs = s.executeQuery("SELECT id, secret FROM secret_runs ORDER BY id")) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(2));
                }
                assertThat(values).containsExactly("one-" + marker, "new-" + marker, null, "");
            }
        }
        List<String> stored = db.stored("secret_runs", "secret");
        assertThat(stored.get(2)).isNull();
        assertThat(stored.get(3)).isEmpty();
        assertThat(decryptWithJavaxCrypto(KEY, stored.get(1))).isEqualTo("new-" + marker);
    }

    @Test
    void preparedBatchesAndCharacterStreamsAreEncryptedAtBindTime() throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, secret, api_token) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= 3; i++) {
                ps.setInt(1, i);
                ps.setString(2, marker + i);
                ps.setCharacterStream(3, new StringReader("token-" + marker + i));
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
        }
        List<String> stored = db.stored("secret_runs", "api_token");
        assertThat(decryptWithJavaxCrypto(KEY, stored.get(2))).isEqualTo("token-" + marker + 3);
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "UPDATE secret_runs SET api_token = ? WHERE id = ?")) {
            ps.setObject(1, "obj-" + marker);
            ps.setInt(2, 1);
            ps.executeUpdate();
        }
        assertThat(decryptWithJavaxCrypto(KEY, db.stored("secret_runs", "api_token").get(0))).isEqualTo("obj-" + marker);
    }

    interface TextSetter {
        void bind(PreparedStatement ps, int index, String value) throws Exception;
    }

    @Test
    void everyTextSetterEncryptsASecretParameter() throws Exception {
        TextSetter[] setters = {
            (ps, i, v) -> ps.setNString(i, v),
            (ps, i, v) -> ps.setObject(i, v, java.sql.Types.VARCHAR),
            (ps, i, v) -> ps.setObject(i, new StringBuilder(v)),
            (ps, i, v) -> ps.setCharacterStream(i, new StringReader(v), v.length()),
            (ps, i, v) -> ps.setCharacterStream(i, new StringReader(v), (long) v.length()),
            (ps, i, v) -> ps.setNCharacterStream(i, new StringReader(v)),
            (ps, i, v) -> ps.setNCharacterStream(i, new StringReader(v), v.length()),
            (ps, i, v) -> ps.setClob(i, new StringReader(v)),
            (ps, i, v) -> ps.setClob(i, new StringReader(v), v.length()),
            (ps, i, v) -> ps.setClob(i, new javax.sql.rowset.serial.SerialClob(v.toCharArray())),
            (ps, i, v) -> ps.setNClob(i, new StringReader(v)),
            (ps, i, v) -> ps.setNClob(i, new StringReader(v), v.length()),
        };
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
            for (int n = 0; n < setters.length; n++) {
                ps.setInt(1, n);
                setters[n].bind(ps, 2, "v" + n + "-" + marker);
                ps.executeUpdate();
            }
        }
        List<String> stored = db.stored("secret_runs", "secret");
        assertThat(stored).hasSize(setters.length);
        for (int n = 0; n < setters.length; n++) {
            assertThat(decryptWithJavaxCrypto(KEY, stored.get(n))).as("setter %d", n).isEqualTo("v" + n + "-" + marker);
        }
    }

    @Test
    void aSetterOfATypeWithNoCanonicalTextIsRefusedOnASecretParameter() throws Exception {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (?, ?)")) {
            // Bytes are a plaintext of their own since reference §6 "Typed values" (ByteSecretsConformanceTest);
            // a URL has no canonical text in the value policy.
            assertThatThrownBy(() -> ps.setURL(2, new java.net.URL("http://" + marker + ".example"))).isInstanceOf(SQLException.class)
                    .hasMessageContaining("secret_runs.secret").hasMessageContaining("setURL");
            assertThatThrownBy(() -> ps.setObject(2, new java.util.ArrayList<String>())).isInstanceOf(SQLException.class)
                    .hasMessageContaining("java.util.ArrayList");
        }
    }

    @Test
    void previousKeysStillDecrypt() throws Exception {
        String stored = encryptWithJavaxCrypto(SqliteFixture.OTHER_KEY, marker);
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO secret_runs (id, secret) VALUES (1, ?)")) {
            ps.setString(1, stored);
            ps.executeUpdate();
        }
        var props = SqliteFixture.props(KEY);
        props.setProperty("secret.previous-keys", SqliteFixture.OTHER_KEY);
        try (Connection c = db.open(props); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secret FROM secret_runs")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(marker);
        }
    }

    @Test
    void generatedKeysAndPassThroughStatementsWork() throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plain_notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.executeUpdate("INSERT INTO plain_notes (body) VALUES ('visible')");
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getLong(1)).isEqualTo(1L);
                assertThat(keys.getStatement()).isSameAs(s);
            }
            try (ResultSet rs = s.executeQuery("SELECT body FROM plain_notes")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("visible");
            }
        }
        assertThat(db.stored("plain_notes", "body")).containsExactly("visible");
    }

    @Test
    void insertWithoutColumnListFollowsTheTableAndItsDdl() throws Exception {
        String sql = "INSERT INTO credentials VALUES (?, ?, ?, ?)";
        try (Connection c = db.open()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 1);
                ps.setString(2, "name-1");
                ps.setString(3, "pw-" + marker);
                ps.setString(4, "note");
                ps.executeUpdate();
            }
            assertThat(decryptWithJavaxCrypto(KEY, db.stored("credentials", "password").get(0))).isEqualTo("pw-" + marker);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE credentials");
                s.execute("CREATE TABLE credentials (id INTEGER PRIMARY KEY, password TEXT, name TEXT, note TEXT)");
            }
            // Same SQL string, new column order: the second parameter is now the secret one.
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 2);
                ps.setString(2, "pw2-" + marker);
                ps.setString(3, "name-2");
                ps.setString(4, "note");
                ps.executeUpdate();
            }
            c.createStatement().executeUpdate("INSERT INTO credentials VALUES (3, 'pw3-" + marker + "', 'name-3', NULL)");
        }
        List<String> stored = db.stored("credentials", "password");
        assertThat(decryptWithJavaxCrypto(KEY, stored.get(0))).isEqualTo("pw2-" + marker);
        assertThat(decryptWithJavaxCrypto(KEY, stored.get(1))).isEqualTo("pw3-" + marker);
        assertThat(db.stored("credentials", "name")).containsExactly("name-2", "name-3");
    }

    @Test
    void upsertsEncryptBothTheInsertAndTheUpdateValues() throws Exception {
        try (Connection c = db.open()) {
            String sql = "INSERT INTO secret_runs (id, secret) VALUES (?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, api_token = ?";
            for (int round = 1; round <= 2; round++) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, 1);
                    ps.setString(2, "s" + round + "-" + marker);
                    ps.setString(3, "t" + round + "-" + marker);
                    ps.executeUpdate();
                }
            }
            c.createStatement().executeUpdate("INSERT OR REPLACE INTO secret_runs (id, secret) VALUES (2, 'r-" + marker + "')");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT secret, api_token FROM secret_runs ORDER BY id")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("s2-" + marker);
                assertThat(rs.getString(2)).isEqualTo("t2-" + marker);
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("r-" + marker);
            }
        }
    }

    private void insert(int id, String user, String secret) throws SQLException {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_runs (id, username, secret) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, user);
            ps.setString(3, secret);
            ps.executeUpdate();
        }
    }

    private static String read(Reader reader) throws Exception {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[64];
        for (int n; (n = reader.read(buf)) > 0; ) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }
}
