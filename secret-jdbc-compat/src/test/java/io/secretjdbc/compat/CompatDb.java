package io.secretjdbc.compat;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One fresh database for one client's test, reached the way an application reaches it: a
 * {@code jdbc:secret:recording:...} URL (the recording delegate remembers every SQL string and bound
 * value that crossed into the real driver, {@link #assertNeverSent}) plus the {@code secret.*} settings
 * as connection properties; and the raw driver, to look at what is stored ({@link #raw()}).
 *
 * @param database the raw database (TestDatabases' settings for the servers)
 */
public record CompatDb(TestDatabase database) {

    /** The test key (reference §3's check key); {@link Ciphertexts} opens values with it independently. */
    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String FLOWS = "classpath:compat/flows/";

    static {
        RecordingDriver.register();
    }

    /** The backends a client supports: SQLite and PostgreSQL always, MariaDB where the client has it. */
    public static Stream<Backend> backends() {
        return Stream.of(Backend.SQLITE, Backend.POSTGRESQL, Backend.MARIADB);
    }

    /** A fresh database; forgets what the recording delegate saw before (one test, one record). */
    static CompatDb fresh(Backend backend, String name, Path dir) throws SQLException {
        RecordingDriver.clear();
        return new CompatDb(TestDatabases.fresh(backend, name, dir));
    }

    Backend backend() {
        return database.backend();
    }

    /** {@code jdbc:secret:recording:<delegate URL without jdbc:>}. */
    String url() {
        return "jdbc:secret:recording:" + database.url().substring("jdbc:".length());
    }

    /** The {@code secret.*} settings alone, for clients that take them as data source properties. */
    static Properties secretSettings() {
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        p.setProperty("secret.flows", FLOWS);
        return p;
    }

    /** Credentials plus secret settings: what {@code DriverManager.getConnection(url(), ...)} takes. */
    Properties properties() {
        Properties p = database.credentials();
        p.putAll(secretSettings());
        return p;
    }

    String user() {
        return database.user();
    }

    String password() {
        return database.password();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), properties());
    }

    Connection raw() throws SQLException {
        return database.connectRaw();
    }

    /** Fails when any recorded SQL string or bound value contains {@code marker} (case-insensitively). */
    static void assertNeverSent(String marker) {
        String lower = marker.toLowerCase(java.util.Locale.ROOT);
        var hits = RecordingDriver.seen().stream()
                .filter(s -> s != null && s.toLowerCase(java.util.Locale.ROOT).contains(lower)).toList();
        if (!hits.isEmpty()) {
            throw new AssertionError("plaintext " + marker + " reached the database " + hits.size() + " time(s): " + hits);
        }
    }
}
