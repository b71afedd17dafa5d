package io.secretjdbc.recording;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positive controls for the oracle: for each way a value can travel to the database, a marker sent
 * that way through {@code jdbc:recording:} IS seen. If the recorder stopped seeing one kind of call,
 * every "the marker never reached the database" assertion that relies on it would pass vacuously; these
 * tests fail instead. Then: everything the recorder hands out is recorded too (no delegate escapes).
 */
class RecordingDriverTest {

    private static final AtomicInteger MARKERS = new AtomicInteger();

    @TempDir
    static Path dir;

    private String marker;

    @BeforeEach
    void clear() {
        RecordingDriver.register();
        RecordingDriver.clear();
        marker = "mk" + MARKERS.incrementAndGet() + "zq" + System.nanoTime() % 100000;
    }

    private static Connection sqlite() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:recording:sqlite:" + dir.resolve("rec.db"));
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS t");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, b BLOB)");
        }
        return c;
    }

    private static Connection h2() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:recording:h2:mem:recording_test;DB_CLOSE_DELAY=-1", "sa", "");
        try (Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(400), c CLOB, n NCLOB, b BLOB, x VARCHAR(4000),"
                    + " a VARCHAR(100) ARRAY)");
        }
        return c;
    }

    private void assertSeen() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("calls that carried " + marker).isNotEmpty();
    }

    private static String stored(Connection c, String column) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column + " FROM t WHERE id = 1")) {
            assertThat(rs.next()).as("row 1 written").isTrue();
            return rs.getString(1);
        }
    }

    // ------------------------------------------------------------------ one control per kind of call

    @Test
    void sqlText() throws Exception {
        try (Connection c = sqlite(); Statement s = c.createStatement()) {
            RecordingDriver.clear();
            s.execute("INSERT INTO t (id, v) VALUES (1, '" + marker + "')");
            assertSeen();
            assertThat(RecordingDriver.sqlSent()).singleElement().asString().contains(marker);
        }
    }

    @Test
    void setString() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (1, ?)")) {
            RecordingDriver.clear();
            ps.setString(1, marker);
            ps.executeUpdate();
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void setObjectWithStringCharArrayAndStringBuilder() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
            ps.setInt(1, 1);
            ps.setObject(2, marker);
            ps.executeUpdate();
            assertSeen();
            RecordingDriver.clear();
            ps.setObject(1, 2);
            ps.setObject(2, marker.toCharArray());
            assertSeen();
            RecordingDriver.clear();
            ps.setObject(2, new StringBuilder(marker), java.sql.Types.VARCHAR);
            assertSeen();
        }
    }

    @Test
    void setNString() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (1, ?)")) {
            ps.setNString(1, marker);
            ps.executeUpdate();
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void characterStreamIsReadRecordedAndStillDelivered() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (1, ?)")) {
            ps.setCharacterStream(1, new StringReader(marker), marker.length());
            ps.executeUpdate();
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (1, ?)")) {
            RecordingDriver.clear();
            ps.setNCharacterStream(1, new CharArrayReader(marker.toCharArray()));
            ps.executeUpdate();
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void asciiAndBinaryStreams() throws Exception {
        byte[] bytes = marker.getBytes(StandardCharsets.US_ASCII);
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v, b) VALUES (1, ?, ?)")) {
            ps.setAsciiStream(1, new ByteArrayInputStream(bytes));
            ps.setBinaryStream(2, new ByteArrayInputStream(marker.getBytes(StandardCharsets.UTF_16BE)));
            ps.executeUpdate();
            assertThat(RecordingDriver.sightingsOf(marker)).as("ASCII stream and UTF-16 binary stream").hasSize(2);
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void clobFromTheConnectionAndClobReader() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, c) VALUES (?, ?)")) {
            Clob clob = c.createClob();
            clob.setString(1, marker);
            ps.setInt(1, 1);
            ps.setClob(2, clob);
            ps.executeUpdate();
            assertSeen();
            assertThat(stored(c, "c")).isEqualTo(marker);
            RecordingDriver.clear();
            ps.setInt(1, 2);
            ps.setClob(2, new StringReader(marker));
            assertSeen();
        }
    }

    @Test
    void clobWrittenThroughItsWriterOneCharacterAtATime() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, c) VALUES (1, ?)")) {
            Clob clob = c.createClob();
            try (Writer writer = clob.setCharacterStream(1)) {
                for (char ch : marker.toCharArray()) {
                    writer.write(ch);
                }
            }
            assertSeen();
            ps.setClob(1, clob);
            ps.executeUpdate();
            assertThat(stored(c, "c")).isEqualTo(marker);
        }
    }

    @Test
    void nclob() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, n) VALUES (1, ?)")) {
            NClob nclob = c.createNClob();
            nclob.setString(1, marker);
            RecordingDriver.clear();
            ps.setNClob(1, nclob);
            assertSeen();
            ps.executeUpdate();
            assertThat(stored(c, "n")).isEqualTo(marker);
        }
    }

    @Test
    void blobAndItsOutputStream() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, b) VALUES (?, ?)")) {
            Blob blob = c.createBlob();
            blob.setBytes(1, marker.getBytes(StandardCharsets.UTF_8));
            RecordingDriver.clear();
            ps.setInt(1, 1);
            ps.setBlob(2, blob);
            assertSeen();
            ps.executeUpdate();
            RecordingDriver.clear();
            Blob streamed = c.createBlob();
            try (OutputStream out = streamed.setBinaryStream(1)) {
                out.write(marker.getBytes(StandardCharsets.UTF_8));
            }
            assertSeen();
        }
    }

    @Test
    void setBytes() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, b) VALUES (1, ?)")) {
            ps.setBytes(1, marker.getBytes(StandardCharsets.UTF_8));
            ps.executeUpdate();
            assertSeen();
        }
    }

    @Test
    void sqlxmlAndArray() throws Exception {
        try (Connection c = h2(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, x, a) VALUES (1, ?, ?)")) {
            SQLXML xml = c.createSQLXML();
            xml.setString("<v>" + marker + "</v>");
            assertSeen();
            RecordingDriver.clear();
            Array array = c.createArrayOf("VARCHAR", new Object[] {"a", marker});
            assertSeen();
            RecordingDriver.clear();
            ps.setSQLXML(1, xml);
            ps.setArray(2, array);
            ps.executeUpdate();
            assertThat(RecordingDriver.sightingsOf(marker)).as("setArray renders the elements").isNotEmpty();
            assertThat(stored(c, "x")).contains(marker);
        }
    }

    @Test
    void batches() throws Exception {
        try (Connection c = sqlite(); Statement s = c.createStatement()) {
            RecordingDriver.clear();
            s.addBatch("INSERT INTO t (id, v) VALUES (1, '" + marker + "')");
            assertSeen();
            s.executeBatch();
        }
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
            RecordingDriver.clear();
            ps.setInt(1, 1);
            ps.setString(2, marker);
            ps.addBatch();
            ps.executeBatch();
            assertSeen();
            assertThat(RecordingDriver.seen()).contains("PreparedStatement.addBatch()", "PreparedStatement.executeBatch()");
        }
    }

    @Test
    void updatableResultSet() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
            try (Statement plain = c.createStatement()) {
                plain.execute("INSERT INTO t (id, v) VALUES (1, 'before')");
            }
            try (ResultSet rs = s.executeQuery("SELECT id, v FROM t")) {
                assertThat(rs.next()).isTrue();
                RecordingDriver.clear();
                rs.updateString("v", marker);
                rs.updateRow();
            }
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void callableStatementSetStringByName() throws Exception {
        TestDatabase mariadb = TestDatabases.fresh(Backend.MARIADB, "recording_driver_test", dir);
        Properties credentials = mariadb.credentials();
        try (Connection c = DriverManager.getConnection("jdbc:recording:" + mariadb.url().substring(5), credentials)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
                s.execute("CREATE PROCEDURE put(IN pid INT, IN pv VARCHAR(100)) INSERT INTO t VALUES (pid, pv)");
            }
            try (CallableStatement cs = c.prepareCall("{call put(?, ?)}")) {
                RecordingDriver.clear();
                cs.setInt("pid", 1);
                cs.setString("pv", marker);
                cs.execute();
            }
            assertSeen();
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
    }

    @Test
    void nativeSql() throws Exception {
        try (Connection c = sqlite()) {
            RecordingDriver.clear();
            c.nativeSQL("SELECT '" + marker + "'");
            assertSeen();
            assertThat(RecordingDriver.sqlSent()).hasSize(1);
        }
    }

    @Test
    void connectionPropertiesAndClientInfo() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "sa");
        properties.setProperty("password", "");
        properties.setProperty("x_" + marker, "1");
        try (Connection c = DriverManager.getConnection("jdbc:recording:h2:mem:recording_props", properties)) {
            assertSeen();
        }
        // H2 knows no client info names; PostgreSQL has ApplicationName.
        TestDatabase pg = TestDatabases.requirePostgres();
        try (Connection c = DriverManager.getConnection("jdbc:recording:" + pg.url().substring(5), pg.credentials())) {
            RecordingDriver.clear();
            c.setClientInfo("ApplicationName", marker);
            assertSeen();
            RecordingDriver.clear();
            Properties info = new Properties();
            info.setProperty("ApplicationName", marker);
            c.setClientInfo(info);
            assertSeen();
        }
    }

    @Test
    void callsWithoutArgumentsAreRecordedToo() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("SELECT v FROM t")) {
            RecordingDriver.clear();
            c.getAutoCommit();
            ps.executeQuery().close();
            assertThat(RecordingDriver.seen()).containsExactly("Connection.getAutoCommit()",
                    "PreparedStatement.executeQuery()", "ResultSet.close()");
            assertThat(RecordingDriver.sqlSent()).containsExactly("PreparedStatement.executeQuery()");
        }
    }

    // ------------------------------------------------------------------ nothing handed out unrecorded

    @Test
    void metadataObjectsAreNotTheStatementOrResultSet() throws Exception {
        try (Connection c = sqlite(); PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            ParameterMetaData parameters = ps.getParameterMetaData();
            assertThat(parameters).isNotInstanceOf(PreparedStatement.class);
            assertThat(Proxy.isProxyClass(parameters.getClass())).isTrue();
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                assertThat(meta).isNotInstanceOf(ResultSet.class);
                assertThat(rs.getStatement()).isSameAs(ps);
            }
            assertThat(ps.getConnection()).isSameAs(c);
            DatabaseMetaData meta = c.getMetaData();
            assertThat(meta.getConnection()).isSameAs(c);
            RecordingDriver.clear();
            try (ResultSet tables = meta.getTables(null, null, "%", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(Proxy.isProxyClass(tables.getClass())).isTrue();
            }
            assertThat(RecordingDriver.seen()).contains("ResultSet.next()");
        }
    }

    @Test
    void theSameResultSetGivesTheSameProxy() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT 1")).isTrue();
            assertThat(s.getResultSet()).isSameAs(s.getResultSet());
        }
    }

    @Test
    void lobsSavepointsAndArraysReadBackAreRecordedProxies() throws Exception {
        try (Connection c = h2()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t (id, c, b, a) VALUES (1, 'text', X'00', ARRAY['e'])");
            }
            Savepoint savepoint = c.setSavepoint("sp");
            assertThat(Proxy.isProxyClass(savepoint.getClass())).isTrue();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c, b, a FROM t")) {
                assertThat(rs.next()).isTrue();
                for (Object value : new Object[] {rs.getClob(1), rs.getObject(1), rs.getBlob(2), rs.getArray(3),
                        rs.getObject(3), rs.getArray(3).getResultSet()}) {
                    assertThat(Proxy.isProxyClass(value.getClass())).as("%s", value).isTrue();
                }
            }
            RecordingDriver.clear();
            c.rollback(savepoint);
            assertThat(RecordingDriver.seen()).singleElement().asString().startsWith("Connection.rollback(");
            c.rollback();
        }
    }

    @Test
    void unwrapToAVendorClassIsRecordedAsAnEscape() throws Exception {
        try (Connection c = sqlite()) {
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(RecordingDriver.escapes()).isEmpty();
            c.unwrap(org.sqlite.SQLiteConnection.class);
            assertThat(RecordingDriver.escapes()).singleElement().asString().contains("org.sqlite.SQLiteConnection");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyBackendRunsThroughTheRecorder(Backend backend) throws Exception {
        TestDatabase db = TestDatabases.fresh(backend, "recording_driver_all", dir);
        try (Connection c = DriverManager.getConnection("jdbc:recording:" + db.url().substring(5), db.credentials());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (1, ?)")) {
                ps.setString(1, marker);
                ps.executeUpdate();
            }
            assertThat(stored(c, "v")).isEqualTo(marker);
        }
        assertThat(RecordingDriver.sightingsOf(marker)).isNotEmpty();
    }
}
