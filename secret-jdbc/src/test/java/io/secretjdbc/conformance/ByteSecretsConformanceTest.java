package io.secretjdbc.conformance;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * reference §6 "Typed values", bytes: {@code setBytes}, {@code setObject(byte[])} and binary streams on a
 * secret parameter encrypt the bytes themselves (not a text), and {@code getBytes},
 * {@code getObject(i, byte[].class)} and {@code getBinaryStream} give them back unchanged, also bytes that
 * are not UTF-8, on all four backends. Stored values are opened with plain javax.crypto
 * ({@link KestraReference}); the recording delegate never sees the marker the bytes carry.
 */
class ByteSecretsConformanceTest {

    @TempDir
    static Path dir;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    private ConformanceDb open(Backend backend) throws SQLException {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        RecordingDriver.clear();
        return db;
    }

    @AfterEach
    void markerNeverReachedTheDatabase() {
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();
    }

    /** The marker's bytes followed by bytes that are not UTF-8 (a lone continuation byte, 0xFF, NUL, a cut sequence). */
    private byte[] bytesWithMarker(long seed) {
        byte[] head = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[300];
        new Random(seed).nextBytes(random);
        byte[] tail = {(byte) 0x80, (byte) 0xFF, 0, (byte) 0xC3, (byte) 0x28, (byte) 0xE2, (byte) 0x82};
        byte[] all = new byte[head.length + random.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(random, 0, all, head.length, random.length);
        System.arraycopy(tail, 0, all, head.length + random.length, tail.length);
        return all;
    }

    interface Binder {
        void bind(PreparedStatement ps, byte[] value) throws SQLException;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyByteSetterStoresTheBytesThemselvesAndEveryByteGetterReadsThemBack(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        List<Binder> binders = List.of(
                (ps, v) -> ps.setBytes(3, v),
                (ps, v) -> ps.setObject(3, v),
                (ps, v) -> ps.setObject(3, v, Types.VARBINARY),
                (ps, v) -> ps.setBinaryStream(3, new ByteArrayInputStream(v)),
                (ps, v) -> ps.setBinaryStream(3, new ByteArrayInputStream(v), v.length),
                (ps, v) -> ps.setBinaryStream(3, new ByteArrayInputStream(v), (long) v.length));
        List<byte[]> written = new ArrayList<>();
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            for (int i = 0; i < binders.size(); i++) {
                byte[] value = bytesWithMarker(i);
                written.add(value);
                ps.setInt(1, i + 1);
                ps.setString(2, "u" + i);
                binders.get(i).bind(ps, value);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        List<String> stored = db.stored("credentials", "password");
        assertThat(stored).hasSize(binders.size());
        for (int i = 0; i < binders.size(); i++) {
            assertThat(stored.get(i)).as("stored value %d", i).matches("[A-Za-z0-9+/]+={0,2}");
            assertThat(KestraReference.openBytes(ConformanceDb.KEY, stored.get(i))).as("binder %d", i)
                    .isEqualTo(written.get(i));
        }
        try (Connection c = db.secret(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, password FROM credentials ORDER BY id")) {
            for (byte[] expected : written) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(2)).isEqualTo(expected);
                assertThat(rs.getBytes("password")).isEqualTo(expected);
                assertThat(rs.getObject(2, byte[].class)).isEqualTo(expected);
                assertThat(rs.getObject("password", byte[].class)).isEqualTo(expected);
                try (InputStream in = rs.getBinaryStream(2)) {
                    assertThat(in.readAllBytes()).isEqualTo(expected);
                }
                // getObject(i) cannot know that the secret was bytes: it gives the decrypted text.
                assertThat(rs.getObject(2)).isInstanceOf(String.class)
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void emptyAndNullBytesStayEmptyAndNull(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO credentials (id, name, password) VALUES (?, 'n', ?)")) {
            ps.setInt(1, 1);
            ps.setBytes(2, new byte[0]);
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.setBytes(2, null);
            ps.executeUpdate();
            ps.setInt(1, 3);
            ps.setBinaryStream(2, null);
            ps.executeUpdate();
        }
        assertThat(db.stored("credentials", "password")).containsExactly("", null, null);
        try (Connection c = db.secret(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password FROM credentials ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEmpty();
            assertThat(rs.wasNull()).isFalse();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getBinaryStream(1)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, byte[].class)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bytesSealedByKestraReadBackAndTextReadsAsItsUtf8(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        byte[] bytes = bytesWithMarker(99);
        try (Connection raw = db.raw(); PreparedStatement ps = raw.prepareStatement(
                "INSERT INTO credentials (id, name, password) VALUES (?, 'n', ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, KestraReference.sealBytes(ConformanceDb.KEY, bytes));
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.setString(2, KestraReference.seal(ConformanceDb.KEY, "héllo ✓"));
            ps.executeUpdate();
        }
        try (Connection c = db.secret(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password FROM credentials ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEqualTo(bytes);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEqualTo("héllo ✓".getBytes(StandardCharsets.UTF_8));
            assertThat(rs.getString(1)).isEqualTo("héllo ✓");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBinaryLiteralAssignedToASecretColumnIsRefusedAndNothingIsSent(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        String hex = "X'" + toHex(marker.getBytes(StandardCharsets.US_ASCII)) + "'";
        try (Connection c = db.secret(); Statement s = c.createStatement()) {
            RecordingDriver.clear();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO credentials (id, name, password) VALUES (1, 'n', "
                    + hex + ")")).isInstanceOf(SQLException.class).hasMessageContaining("credentials");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE credentials SET password = " + hex + " WHERE id = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("credentials");
            assertThat(RecordingDriver.sqlSent()).as("nothing sent").noneMatch(sql -> sql.contains(hex));
        }
        assertThat(db.count("credentials")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void updateBytesAndUpdateObjectOfBytesEncryptTheBytesInAnUpdatableResultSet(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        db.execRaw("INSERT INTO credentials (id, name, password) VALUES (1, 'n1', NULL)");
        byte[] first = bytesWithMarker(1);
        byte[] second = bytesWithMarker(2);
        try (Connection c = db.secret();
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
             ResultSet rs = s.executeQuery("SELECT id, name, password FROM credentials")) {
            assertThat(rs.next()).isTrue();
            rs.updateBytes("password", first);
            rs.updateRow();
            rs.moveToInsertRow();
            rs.updateInt("id", 2);
            rs.updateString("name", "n2");
            rs.updateObject(3, second);
            rs.insertRow();
        }
        List<String> stored = db.stored("credentials", "password");
        assertThat(stored).hasSize(2);
        assertThat(KestraReference.openBytes(ConformanceDb.KEY, stored.get(0))).isEqualTo(first);
        assertThat(KestraReference.openBytes(ConformanceDb.KEY, stored.get(1))).isEqualTo(second);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL"})
    void bytesTooLongForTheColumnAreExplainedInTermsOfTheirCiphertext(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        db.execRaw("DROP TABLE credentials",
                "CREATE TABLE credentials (id INTEGER PRIMARY KEY, name VARCHAR(100), password VARCHAR(60), note VARCHAR(200))");
        byte[] value = new byte[100]; // 4 * ceil((12 + 100 + 16) / 3) = 172 characters stored
        new Random(3).nextBytes(value);
        try (Connection c = db.secret(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO credentials (id, name, password) VALUES (1, 'n', ?)")) {
            ps.setBytes(1, value);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("VARCHAR(172)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SQLITE", "H2"})
    void bytesAreRefusedOnAColumnWithABlindIndexBeforeAnythingIsSent(Backend backend) throws Exception {
        ConformanceDb db = open(backend);
        db.execRaw("ALTER TABLE credentials ADD COLUMN password_bidx VARCHAR(40)");
        java.util.Properties settings = ConformanceDb.settings();
        settings.setProperty("secret.search", "credentials.password:password_bidx");
        try (Connection c = db.db.connectSecret(settings); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO credentials (id, name, password) VALUES (1, 'n', ?)")) {
            assertThatThrownBy(() -> ps.setBytes(1, marker.getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("credentials.password")
                    .hasMessageContaining("blind index").hasMessageNotContaining(marker);
        }
        assertThat(db.count("credentials")).isZero();
    }

    private static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }
}
