package io.secretjdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.recording.RecordingDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 class 10 through the driver: a value is stored exactly or refused; a guessable key never connects. */
class ValueFidelityTest {

    @TempDir
    Path dir;
    private SqliteFixture db;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteFixture(dir);
        db.createTables();
        RecordingDriver.clear();
    }

    @Test
    void aBoundLoneSurrogateIsRefusedNamingTheColumn() throws Exception {
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "n");
            assertThatThrownBy(() -> ps.setString(3, "lonesurr\uD800marker"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("credentials.password")
                    .hasMessageContaining("lone UTF-16 surrogate")
                    .hasMessageNotContaining("lonesurr");
        }
        assertThat(db.stored("credentials", "password")).isEmpty();
        assertThat(RecordingDriver.sightingsOf("lonesurr")).isEmpty();
    }

    @Test
    void aLiteralWithALoneSurrogateIsRefusedAndNothingIsSent() throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate(
                    "INSERT INTO credentials (id, name, password) VALUES (1, 'n', 'lonesurr\uDC00marker')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("credentials.password")
                    .hasMessageNotContaining("lonesurr");
        }
        assertThat(db.stored("credentials", "password")).isEmpty();
        assertThat(RecordingDriver.sightingsOf("lonesurr")).isEmpty();
    }

    @Test
    void aSurrogatePairIsStoredAndReadBackExactly() throws Exception {
        String text = "key \uD83D\uDD11 ok";
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (1, 'n', ?)")) {
            ps.setString(1, text);
            ps.executeUpdate();
        }
        assertThat(SqliteFixture.decryptWithJavaxCrypto(SqliteFixture.KEY, db.stored("credentials", "password").get(0)))
                .isEqualTo(text);
    }

    @Test
    void anAllZeroKeyNeverConnects() {
        Properties props = SqliteFixture.props(Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> db.open(props).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("secret.key is a key whose 32 bytes are all equal");
    }
}
