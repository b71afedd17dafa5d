package io.secretjdbc.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A text that holds no statement, only comments or white space ({@code -- x}, an unclosed {@code /*}):
 * sqlite3_prepare gives no statement for it, and sqlite-jdbc 3.54 fails with "The prepared statement
 * has been finalized" (xerial/sqlite-jdbc#731, open); once it did so for a PreparedStatement, the next
 * such text on the connection throws {@code IllegalStateException: Already added pointer to statements
 * set}. The generated-SQL test met both. Neither is secret-jdbc closing anything: the raw driver does
 * the same (the first test). Through secret-jdbc each is an SQLException, and the connection stays usable.
 */
class SqliteStatementWithoutSqlTest {

    @TempDir
    Path dir;

    @Test
    void theRawDriverFailsOnItsOwn() throws Exception {
        SqliteFixture f = new SqliteFixture(dir);
        try (Connection raw = f.raw()) {
            assertThatThrownBy(() -> raw.prepareStatement("-- only a comment").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("finalized");
            assertThatThrownBy(() -> {
                try (Statement s = raw.createStatement()) {
                    s.execute("/* never closed");
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("pointer");
        }
    }

    @Test
    void throughSecretJdbcEachIsAnSqlExceptionAndTheConnectionStaysUsable() throws Exception {
        SqliteFixture f = new SqliteFixture(dir);
        f.createTables();
        try (Connection c = f.open()) {
            assertThatThrownBy(() -> {
                try (PreparedStatement ps = c.prepareStatement("-- only a comment")) {
                    ps.execute();
                }
            }).isInstanceOf(SQLException.class);
            for (String text : new String[] {"/* never closed", "-- a comment", "  \n "}) {
                assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(text);
                    }
                }).as(text).isInstanceOf(SQLException.class);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (1, 'n', ?)")) {
                ps.setString(1, "pw-after");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT password FROM credentials")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("pw-after");
            }
        }
        assertThat(f.stored("credentials", "password")).singleElement()
                .satisfies(v -> assertThat(SqliteFixture.decryptWithJavaxCrypto(SqliteFixture.KEY, v)).isEqualTo("pw-after"));
    }
}
